package io.robustunit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.data.DataFiles;
import io.robustunit.data.DataFormat;
import io.robustunit.data.DataFormatException;
import io.robustunit.data.Datasets;
import io.robustunit.data.LabeledImages;
import io.robustunit.data.NpyArray;
import io.robustunit.data.NpyReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the NumPy readers: {@code .npy} files through {@link NpyReader} and through
 * {@link Datasets#read} (images file with a valid labels file beside it), and {@code .npz}
 * archives, stored and compressed, through {@link Datasets#read}. Every input is read or rejected
 * with {@link DataFormatException}; nothing else is thrown, nothing hangs, and allocation stays
 * within a budget proportional to the input's real (inflated) content whatever a header claims.
 *
 * <p>Tries per property: {@code -Drobustunit.fuzz.tries=N} (see {@link FuzzTries}; {@code
 * scripts/fuzz npy 1000000} spreads a total over the properties).
 */
@AddLifecycleHook(FuzzTries.class)
class NumpyFuzzTest {

    static final AllocationBudget NPY_BUDGET = AllocationBudget.proportional(512 * 1024, 4, RealSize::bytes);

    /** Conversion adds floats (up to 4 bytes per byte, 8 for an NHWC transpose) and int labels. */
    static final AllocationBudget DATASET_BUDGET = AllocationBudget.proportional(2 * 1024 * 1024, 24, RealSize::bytes);

    static final AllocationBudget NPZ_BUDGET =
            AllocationBudget.proportional(4 * 1024 * 1024, 24, NumpyFuzzTest::inflated);

    static Path dir;
    static OutsideBytesContract<NpyArray> npy;
    static OutsideBytesContract<LabeledImages> npyDataset;
    static OutsideBytesContract<LabeledImages> npzDataset;

    static final byte[] LABELS = DataFiles.npy("<i8", new int[] {4}, DataFiles.cyclingLabels(4, 2));

    @BeforeContainer
    static void stage() throws IOException {
        dir = Files.createTempDirectory("npy-fuzz");
        Path single = dir.resolve("single.npy");
        NpyReader reader = new NpyReader();
        npy = OutsideBytesContract.<NpyArray>builder()
                .setParser(bytes -> {
                    Files.write(single, bytes);
                    return () -> reader.read(single);
                })
                .setDocumentedFailure(DataFormatException.class)
                .optAllocationBudget(NPY_BUDGET)
                .optAcceptedCheck(
                        (input, array) -> assertThat((long) array.data().length).isLessThanOrEqualTo(input.length))
                .optWarmUp(wellFormedImages(0), new byte[3])
                .build();
        Path pair = Files.createDirectories(dir.resolve("pair"));
        Files.write(pair.resolve("labels.npy"), LABELS);
        Path images = pair.resolve("images.npy");
        npyDataset = OutsideBytesContract.<LabeledImages>builder()
                .setParser(bytes -> {
                    Files.write(images, bytes);
                    return () -> Datasets.read(images, DataFormat.NPY);
                })
                .setDocumentedFailure(DataFormatException.class)
                .optAllocationBudget(DATASET_BUDGET)
                .optAcceptedCheck((input, data) -> checkDataset(data))
                .optWarmUp(wellFormedImages(0), new byte[3])
                .build();
        Path archive = dir.resolve("data.npz");
        npzDataset = OutsideBytesContract.<LabeledImages>builder()
                .setParser(bytes -> {
                    Files.write(archive, bytes);
                    return () -> Datasets.read(archive, DataFormat.NPZ);
                })
                .setDocumentedFailure(DataFormatException.class)
                .optAllocationBudget(NPZ_BUDGET)
                .optAcceptedCheck((input, data) -> checkDataset(data))
                .optWarmUp(npz(wellFormedImages(1), false), npz(wellFormedImages(2), true), new byte[4])
                .build();
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        DataFuzz.deleteTree(dir);
    }

    static void checkDataset(LabeledImages data) {
        assertThat(data.size()).isEqualTo(4);
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.label(i)).isBetween(0, data.numClasses() - 1);
            for (float v : data.image(i)) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    /** Four images (or feature rows) of a type and shape chosen by {@code variant}. */
    static byte[] wellFormedImages(int variant) {
        return switch (Math.floorMod(variant, 5)) {
            case 0 -> DataFiles.npy("|u1", new int[] {4, 3, 2, 2}, DataFiles.uint8(48, variant));
            case 1 -> DataFiles.npy("|u1", new int[] {4, 2, 2, 3}, DataFiles.uint8(48, variant));
            case 2 -> DataFiles.npy("<f4", new int[] {4, 2, 2}, DataFiles.float32(new float[16]));
            case 3 -> DataFiles.npy("<f8", new int[] {4, 3}, new byte[96]);
            default -> DataFiles.npy(">f4", new int[] {4, 1, 2, 2}, DataFiles.float32(new float[16]));
        };
    }

    static byte[] npz(byte[] images, boolean compressed) {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x", images);
        arrays.put("y", LABELS);
        return DataFiles.npz(arrays, compressed);
    }

    /**
     * The input's length or the bytes its zip entries inflate to, whichever is larger. Both of the
     * JDK's zip readers count: {@code ZipInputStream} follows the local headers, {@code ZipFile} (what
     * the reader uses) the central directory, and a damaged archive can make them disagree.
     */
    static long inflated(byte[] input) {
        long streamed = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(input))) {
            byte[] buffer = new byte[8192];
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                for (int n; (n = zip.read(buffer)) >= 0; ) {
                    streamed += n;
                }
            }
        } catch (IOException | RuntimeException e) {
            // what came out before the damage counts
        }
        return Math.max(input.length, Math.max(streamed, inflatedByZipFile(input)));
    }

    private static long inflatedByZipFile(byte[] input) {
        long total = 0;
        Path file = null;
        try {
            file = Files.createTempFile("npz-size", ".npz");
            Files.write(file, input);
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                byte[] buffer = new byte[8192];
                java.util.Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    try (java.io.InputStream in = zip.getInputStream(entries.nextElement())) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            total += n;
                        }
                    } catch (IOException | RuntimeException e) {
                        // count what came out
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an archive ZipFile cannot open inflates nothing
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file
                }
            }
        }
        return total;
    }

    @Property(tries = 400)
    void arbitraryBytesAreReadOrRejected(@ForAll @Size(max = 2048) byte[] input) {
        DataFuzz.collect(npy.check(input));
    }

    @Property(tries = 400)
    void plausibleHeadersAreReadOrRejected(@ForAll("plausibleNpy") byte[] input) {
        DataFuzz.collect(npy.check(input));
    }

    @Property(tries = 400)
    void mutatedNpyImagesAreLoadedOrRejected(
            @ForAll("variants") int variant, @ForAll("mutations") List<ByteMutation> mutations) {
        DataFuzz.collect(npyDataset.check(ByteMutation.applyAll(wellFormedImages(variant), mutations)));
    }

    @Property(tries = 400)
    void mutatedNpzArchivesAreLoadedOrRejected(
            @ForAll("variants") int variant,
            @ForAll boolean compressed,
            @ForAll("mutations") List<ByteMutation> mutations) {
        DataFuzz.collect(
                npzDataset.check(ByteMutation.applyAll(npz(wellFormedImages(variant), compressed), mutations)));
    }

    @Property(tries = 400)
    void npzArchivesOfMutatedArraysAreLoadedOrRejected(
            @ForAll("variants") int variant,
            @ForAll boolean compressed,
            @ForAll("mutations") List<ByteMutation> mutations) {
        DataFuzz.collect(
                npzDataset.check(npz(ByteMutation.applyAll(wellFormedImages(variant), mutations), compressed)));
    }

    /**
     * Fuzz finding (2026-12-03, after 600,000 inputs): a 572-byte archive whose labels reach 99,999,
     * just under the cap on numbered classes, made the reader allocate 4.7 MB of class names.
     */
    @Example
    void labelsJustUnderTheClassCapStayWithinTheAllocationBudget() {
        byte[] labels = DataFiles.npy("<i8", new int[] {4}, DataFiles.int64(0, 1, 99_999, 1));
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x", wellFormedImages(0));
        arrays.put("y", labels);
        for (boolean compressed : new boolean[] {false, true}) {
            LabeledImages data =
                    npzDataset.check(DataFiles.npz(arrays, compressed)).value();
            assertThat(data).as("read, not rejected").isNotNull();
            assertThat(data.numClasses()).isEqualTo(100_000);
            assertThat(data.classNames().get(99_999)).isEqualTo("99999");
        }
    }

    @Provide
    Arbitrary<Integer> variants() {
        return Arbitraries.integers().between(0, 4);
    }

    @Provide
    Arbitrary<List<ByteMutation>> mutations() {
        return ByteMutation.mutations();
    }

    /** A header from plausible pieces (types, orders, shapes with sizes that break arithmetic) and a random body. */
    @Provide
    Arbitrary<byte[]> plausibleNpy() {
        Arbitrary<String> descr = Arbitraries.of(
                "|u1",
                "<u1",
                "<f4",
                ">f4",
                "<f8",
                "<i8",
                ">i4",
                "<u2",
                "|b1",
                "<U5",
                "|O",
                "<c8",
                "f4",
                "<f16",
                "<U0",
                "<U99999999999");
        Arbitrary<String> fortran = Arbitraries.of("False", "True", "0", "'no'");
        Arbitrary<String> shape = ByteMutation.interestingInts()
                .list()
                .ofMaxSize(5)
                .map(dims -> {
                    StringBuilder s = new StringBuilder("(");
                    for (int d : dims) {
                        s.append(d).append(", ");
                    }
                    return s.append(")").toString();
                });
        return Combinators.combine(
                        descr,
                        fortran,
                        shape,
                        Arbitraries.integers().between(0, 512),
                        Arbitraries.integers().between(0, 3))
                .as((d, f, s, bodyLength, variant) -> {
                    String dict = switch (variant) {
                        case 0 -> "{'descr': '" + d + "', 'fortran_order': " + f + ", 'shape': " + s + ", }";
                        case 1 -> "{'shape': " + s + ", 'descr': '" + d + "', 'fortran_order': " + f + "}";
                        case 2 -> "{'descr': '" + d + "', 'shape': " + s + "}";
                        default -> "{'descr': [('a', '" + d + "')], 'fortran_order': " + f + ", 'shape': " + s + "}";
                    };
                    return DataFiles.npyWithHeader(dict, DataFiles.uint8(bodyLength, bodyLength));
                });
    }
}
