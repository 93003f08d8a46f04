package io.robustunit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.data.FashionMnist;
import io.robustunit.data.IdxArray;
import io.robustunit.data.IdxBytes;
import io.robustunit.data.IdxFormatException;
import io.robustunit.data.IdxReader;
import io.robustunit.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the IDX reader (and Fashion-MNIST loading on top of it) with arbitrary bytes and with
 * mutated well-formed files, raw and gzip-wrapped. For every input the reader must return an array
 * whose bytes re-encode to the input's content, or throw {@link IdxFormatException}; never another
 * exception, never hang, and never allocate more than 256 KiB plus four times the input's real
 * (decompressed) size, whatever its header claims.
 *
 * <p>Tries per property come from {@code -Drobustunit.fuzz.tries=N} (see {@link FuzzTries}); the
 * suite default is a few thousand inputs in all. A million-input run:
 *
 * <pre>
 * mvn -B -o test -pl framework -Dtest=IdxFuzzTest -Drobustunit.fuzz.tries=150000
 * </pre>
 */
@AddLifecycleHook(FuzzTries.class)
class IdxFuzzTest {

    /**
     * 256 KiB covers the reader's fixed buffers (8 KiB file buffer, 64 KiB gzip buffer, at most
     * 64 KiB initial gzip body buffer) and an exception; 4x covers a body buffer that doubles as
     * real bytes arrive (capacities sum to at most twice the last, which is at most twice the content).
     */
    static final AllocationBudget READER_BUDGET = AllocationBudget.proportional(256 * 1024, 4, RealSize::gunzipped);

    /** Loading adds float pixels (4 bytes per byte) and int labels: 16x and a larger fixed part. */
    static final AllocationBudget LOAD_BUDGET = AllocationBudget.proportional(1024 * 1024, 16, RealSize::gunzipped);

    static final IdxBytes.Pair SMALL = IdxBytes.images(6, 4, 4, 10, 7);

    static Path dir;
    static OutsideBytesContract<IdxArray> reader;
    static OutsideBytesContract<LabeledImages> loadWithImages;
    static OutsideBytesContract<LabeledImages> loadWithLabels;

    @BeforeContainer
    static void stage() throws IOException {
        dir = Files.createTempDirectory("idx-fuzz");
        Path file = dir.resolve("input");
        IdxReader idxReader = new IdxReader();
        byte[] valid = IdxBytes.idx(new int[] {2, 3}, new byte[6]);
        reader = OutsideBytesContract.<IdxArray>builder()
                .setParser(bytes -> {
                    Files.write(file, bytes);
                    return () -> idxReader.read(file);
                })
                .setDocumentedFailure(IdxFormatException.class)
                .optAllocationBudget(READER_BUDGET)
                .optAcceptedCheck(IdxFuzzTest::reencodesToTheInput)
                .optWarmUp(
                        valid,
                        IdxBytes.gzip(valid),
                        new byte[3],
                        IdxBytes.gzip(new byte[3]),
                        IdxBytes.concat(IdxBytes.gzip(valid), new byte[5]))
                .build();
        loadWithImages = loadContract(dir.resolve("images-fuzzed"), true);
        loadWithLabels = loadContract(dir.resolve("labels-fuzzed"), false);
    }

    /** Fashion-MNIST loading where one of the two files is the input and the other is valid. */
    static OutsideBytesContract<LabeledImages> loadContract(Path split, boolean inputIsImages) throws IOException {
        SMALL.writeTo(split, "t10k", false);
        Path target = split.resolve(inputIsImages ? "t10k-images-idx3-ubyte" : "t10k-labels-idx1-ubyte");
        return OutsideBytesContract.<LabeledImages>builder()
                .setParser(bytes -> {
                    Files.write(target, bytes);
                    return () -> FashionMnist.load(split, FashionMnist.Split.TEST);
                })
                .setDocumentedFailure(IdxFormatException.class)
                .optAllocationBudget(LOAD_BUDGET)
                .optAcceptedCheck((input, images) -> {
                    assertThat(images.imageShape().size()).isPositive();
                    for (int i = 0; i < images.size(); i++) {
                        assertThat(images.label(i)).isBetween(0, 9);
                        for (float v : images.image(i)) {
                            assertThat(v).isBetween(0f, 1f);
                        }
                    }
                })
                .optWarmUp(inputIsImages ? SMALL.images() : SMALL.labels(), new byte[3])
                .build();
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesAreReadOrRejected(@ForAll @Size(max = 2048) byte[] input) {
        collect(reader.check(input));
    }

    @Property(tries = 1000)
    void arbitraryBodiesAfterAPlausibleHeaderAreReadOrRejected(@ForAll("plausibleHeaders") byte[] input) {
        collect(reader.check(input));
    }

    @Property(tries = 1000)
    void mutatedRawFilesAreReadOrRejected(
            @ForAll("wellFormed") byte[] idx, @ForAll("mutations") List<ByteMutation> mutations) {
        collect(reader.check(ByteMutation.applyAll(idx, mutations)));
    }

    @Property(tries = 1000)
    void gzippedMutatedFilesAreReadOrRejected(
            @ForAll("wellFormed") byte[] idx, @ForAll("mutations") List<ByteMutation> mutations) {
        collect(reader.check(IdxBytes.gzip(ByteMutation.applyAll(idx, mutations))));
    }

    @Property(tries = 1000)
    void mutatedGzipStreamsAreReadOrRejected(
            @ForAll("wellFormed") byte[] idx, @ForAll("mutations") List<ByteMutation> mutations) {
        collect(reader.check(ByteMutation.applyAll(IdxBytes.gzip(idx), mutations)));
    }

    @Property(tries = 300)
    void loadingWithAMutatedImagesFileLoadsOrRejects(
            @ForAll("mutations") List<ByteMutation> mutations, @ForAll boolean gzip) {
        byte[] images = ByteMutation.applyAll(SMALL.images(), mutations);
        collect(loadWithImages.check(gzip ? IdxBytes.gzip(images) : images));
    }

    @Property(tries = 300)
    void loadingWithAMutatedLabelsFileLoadsOrRejects(
            @ForAll("mutations") List<ByteMutation> mutations, @ForAll boolean gzip) {
        byte[] labels = ByteMutation.applyAll(SMALL.labels(), mutations);
        collect(loadWithLabels.check(gzip ? IdxBytes.gzip(labels) : labels));
    }

    @Provide
    Arbitrary<List<ByteMutation>> mutations() {
        return ByteMutation.mutations();
    }

    /**
     * An unsigned-byte magic number with rank 0 to 6, up to six dimensions from sizes that break
     * arithmetic, and a random body of up to 4 KiB; raw or gzip-wrapped.
     */
    @Provide
    Arbitrary<byte[]> plausibleHeaders() {
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 6),
                        ByteMutation.interestingInts().array(int[].class).ofMaxSize(6),
                        Arbitraries.integers().between(0, 4096),
                        Arbitraries.longs(),
                        Arbitraries.of(false, true))
                .as((rank, dims, bodyLength, seed, gzip) -> {
                    byte[] body = new byte[bodyLength];
                    new SplittableRandom(seed).nextBytes(body);
                    byte[] idx = IdxBytes.concat(IdxBytes.header(IdxBytes.UBYTE, rank, dims), body);
                    return gzip ? IdxBytes.gzip(idx) : idx;
                });
    }

    /** Well-formed unsigned-byte IDX files: mostly tiny, sometimes bigger than the gzip buffer. */
    @Provide
    Arbitrary<byte[]> wellFormed() {
        Arbitrary<int[]> tiny = Arbitraries.integers()
                .between(1, 4)
                .flatMap(rank ->
                        Arbitraries.integers().between(0, 12).array(int[].class).ofSize(rank));
        Arbitrary<int[]> images = Arbitraries.integers().between(0, 120).map(n -> new int[] {n, 28, 28});
        Arbitrary<int[]> dims = Arbitraries.frequencyOf(Tuple.of(19, tiny), Tuple.of(1, images));
        return net.jqwik.api.Combinators.combine(dims, Arbitraries.longs()).as((d, seed) -> {
            byte[] data = new byte[product(d)];
            new SplittableRandom(seed).nextBytes(data);
            return IdxBytes.idx(d, data);
        });
    }

    /** An accepted input holds exactly the header and data the reader returned: nothing cut, nothing left over. */
    static void reencodesToTheInput(byte[] input, IdxArray array) {
        assertThat(array.data()).hasSize(product(array.dimensions()));
        byte[] content = RealSize.isGzip(input) ? RealSize.gunzip(input) : input;
        assertThat(IdxBytes.idx(array.dimensions(), array.data())).isEqualTo(content);
    }

    static int product(int[] dims) {
        long p = 1;
        for (int d : dims) {
            p *= d;
        }
        return Math.toIntExact(p);
    }

    static void collect(OutsideBytesContract.Outcome<?> outcome) {
        Statistics.collect(outcome.accepted() ? "read" : "rejected");
    }
}
