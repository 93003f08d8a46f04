package io.robustunit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.data.DataFiles;
import io.robustunit.data.DataFormatException;
import io.robustunit.data.DataRequest;
import io.robustunit.data.Datasets;
import io.robustunit.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the image-folder reader: one file of a two-class folder is the input (arbitrary bytes,
 * or a mutated PNG, JPEG or BMP, grey or RGB), read with a declared size and with the size taken
 * from the data. ImageIO's decoders sit behind it, so this also proves that whatever they throw
 * on a damaged file reaches the user as a {@link DataFormatException} naming the file.
 * Tries: {@code -Drobustunit.fuzz.tries=N}.
 */
@AddLifecycleHook(FuzzTries.class)
class ImageFolderFuzzTest {

    /**
     * ImageIO's decoders allocate buffers of their own (the JPEG decoder a few MiB); the declared or
     * capped size bounds what a header can make them allocate.
     */
    static final AllocationBudget BUDGET = AllocationBudget.proportional(32L * 1024 * 1024, 64, RealSize::bytes);

    static final String[] FORMATS = {"png", "jpg", "bmp"};

    static Path dir;
    static OutsideBytesContract<LabeledImages> declared;
    static OutsideBytesContract<LabeledImages> undeclared;

    @BeforeContainer
    static void stage() throws IOException {
        dir = Files.createTempDirectory("image-folder-fuzz");
        Path root = dir.resolve("images");
        DataFiles.imageFolder(root, 2, 2, 8, 8, true);
        Path target = root.resolve("class_1").resolve("img_1.png");
        declared = contract(bytes -> {
            Files.write(target, bytes);
            return () -> Datasets.read(root, DataRequest.auto().withImageShape(3, 8, 8));
        });
        undeclared = contract(bytes -> {
            Files.write(target, bytes);
            return () -> Datasets.read(root);
        });
    }

    static OutsideBytesContract<LabeledImages> contract(OutsideBytesContract.Stager<LabeledImages> stager) {
        return OutsideBytesContract.<LabeledImages>builder()
                .setParser(stager)
                .setDocumentedFailure(DataFormatException.class)
                .optAllocationBudget(BUDGET)
                .optAcceptedCheck((input, data) -> {
                    assertThat(data.size()).isEqualTo(4);
                    assertThat(data.imageShape().getShape()).containsExactly(3, 8, 8);
                    for (int i = 0; i < data.size(); i++) {
                        for (float v : data.image(i)) {
                            assertThat(v).isBetween(0f, 1f);
                        }
                    }
                })
                .optWarmUp(wellFormed(0, true), wellFormed(1, true), wellFormed(2, false), new byte[4])
                .build();
    }

    static byte[] wellFormed(int format, boolean rgb) {
        return DataFiles.encode(DataFiles.image(8, 8, rgb, format), FORMATS[Math.floorMod(format, FORMATS.length)]);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        DataFuzz.deleteTree(dir);
    }

    @Property(tries = 100)
    void arbitraryBytesAreReadOrRejected(@ForAll @Size(max = 1024) byte[] input) {
        DataFuzz.collect(declared.check(input));
    }

    @Property(tries = 300)
    void mutatedImagesAreReadOrRejected(
            @ForAll("formats") int format, @ForAll boolean rgb, @ForAll("mutations") List<ByteMutation> mutations) {
        DataFuzz.collect(declared.check(ByteMutation.applyAll(wellFormed(format, rgb), mutations)));
    }

    @Property(tries = 100)
    void mutatedImagesOfAnUndeclaredSizeAreReadOrRejected(
            @ForAll("formats") int format, @ForAll("mutations") List<ByteMutation> mutations) {
        DataFuzz.collect(undeclared.check(ByteMutation.applyAll(wellFormed(format, true), mutations)));
    }

    /**
     * Fuzz finding (2026-12-03, after 50,001 inputs of that run): a 54-byte BMP header declaring
     * compression 4 (an embedded JPEG stream) made the JDK's BMP reader allocate 33.7 MB per read.
     */
    @Example
    void aBmpWithAnEmbeddedJpegOrPngStreamIsRejectedWithinTheAllocationBudget() {
        for (String compression : new String[] {"04", "05"}) {
            byte[] input = HexFormat.of()
                    .parseHex("424df6000000000000003600000028000000080000000800000001001800" + compression
                            + "0000000000000200000000000000000000000000000000");
            OutsideBytesContract.Outcome<LabeledImages> outcome = declared.check(input);
            assertThat(outcome.value()).as("rejected, not read").isNull();
            assertThat(outcome.thrown())
                    .isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("embedded " + (compression.equals("04") ? "JPEG" : "PNG") + " stream")
                    .hasMessageContaining("save it as a plain BMP, PNG or JPEG file");
        }
    }

    @Provide
    Arbitrary<Integer> formats() {
        return Arbitraries.integers().between(0, FORMATS.length - 1);
    }

    @Provide
    Arbitrary<List<ByteMutation>> mutations() {
        return ByteMutation.mutations();
    }
}
