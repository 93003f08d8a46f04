package io.robustunit.data;

import static io.robustunit.data.IdxBytes.concat;
import static io.robustunit.data.IdxBytes.gzip;
import static io.robustunit.data.IdxBytes.header;
import static io.robustunit.data.IdxBytes.idx;
import static io.robustunit.data.IdxBytes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.fuzz.Allocations;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    /** Far below any buffer sized from a lying header, above the reader's own buffers and exception. */
    static final long SMALL_ALLOCATION = 512 * 1024;

    @TempDir
    Path dir;

    final IdxReader reader = new IdxReader();

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    Path file(String name, byte[] bytes) {
        return write(dir.resolve(name), bytes);
    }

    @Test
    void rawAndGzipFilesReadIdentically() throws Exception {
        int[] dims = {3, 5, 7};
        byte[] data = randomBytes(105, 1);
        IdxArray raw = reader.read(file("a-idx3-ubyte", idx(dims, data)));
        IdxArray gz = reader.read(file("a-idx3-ubyte.gz", gzip(idx(dims, data))));
        assertThat(raw).isEqualTo(gz);
        assertThat(raw.dimensions()).containsExactly(dims);
        assertThat(raw.data()).containsExactly(data);
        assertThat(raw.count()).isEqualTo(3);
        assertThat(raw.itemSize()).isEqualTo(35);
    }

    @Test
    void aGzipBodyLargerThanTheInitialBufferIsReadWhole() throws Exception {
        int[] dims = {300, 28, 28};
        byte[] data = randomBytes(300 * 784, 2);
        assertThat(reader.read(file("big.gz", gzip(idx(dims, data)))).data()).containsExactly(data);
    }

    @Test
    void aMissingFileIsNamedWithTheDirectoryItWasLookedFor() {
        Path missing = Path.of("no-such-dir", "t10k-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> reader.read(missing))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("check the path")
                .hasMessageContaining("relative to " + Path.of("").toAbsolutePath());
    }

    @Test
    void aDirectoryIsNotAnIdxFile() {
        assertThatThrownBy(() -> reader.read(dir))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("is not a file");
    }

    @Test
    void anEmptyFileIsTruncatedInItsHeader() {
        Path f = file("empty", new byte[0]);
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("truncated in its header (reading magic number)")
                .hasMessageContaining("re-download or reinstall it");
    }

    @Test
    void aTruncatedGzipFileIsReportedAsTruncated() {
        byte[] gz = gzip(idx(new int[] {50, 28, 28}, randomBytes(50 * 784, 3)));
        Path f = file("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("is not a valid gzip stream or is truncated")
                .hasMessageContaining("re-download or reinstall it");
    }

    @Test
    void corruptBytesAfterTheGzipHeaderAreReported() {
        byte[] gz = gzip(idx(new int[] {4, 4}, randomBytes(16, 4)));
        byte[] corrupt = concat(Arrays.copyOf(gz, 10), new byte[] {(byte) 0xff, (byte) 0xff, 0x13, 0x37, 0, 1, 2});
        Path f = file("corrupt.gz", corrupt);
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("is not a valid gzip stream")
                .hasMessageContaining("re-download or reinstall it");
    }

    @Test
    void aCorruptGzipChecksumIsReported() {
        byte[] gz = gzip(idx(new int[] {4, 4}, randomBytes(16, 5)));
        gz[gz.length - 6] ^= 0x01; // inside the CRC-32 of the trailer
        Path f = file("crc.gz", gz);
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("Corrupt GZIP trailer");
    }

    @Test
    void aWrongMagicNumberAsksWhetherItIsAnIdxFile() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
        Path f = file("picture.png", png);
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("wrong magic number 0x89504e47")
                .hasMessageContaining("is it an IDX file?");
    }

    @Test
    void aTypeOtherThanUnsignedByteIsRefusedWithTheFix() {
        Path f = file("floats", idx(0x0D, new int[] {1}, new byte[4]));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("data type 0xd")
                .hasMessageContaining("convert the data to unsigned bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 255})
    void aRankOutsideOneToFourIsRefused(int rank) {
        int[] dims = new int[Math.min(rank, 5)];
        Arrays.fill(dims, 1);
        Path f = file("rank" + rank, concat(header(IdxBytes.UBYTE, rank, dims), new byte[1]));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("has rank " + rank + "; expected 1 to 4 dimensions");
    }

    @Test
    void aDimensionAbove2To31IsRefusedAsNegative() {
        Path f = file("negative", header(IdxBytes.UBYTE, 2, 10, 0x80000000));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("negative dimension 1: 2147483648")
                .hasMessageContaining("the header is corrupt");
    }

    @Test
    void aHeaderClaimingExabytesFailsBeforeReadingTheBodyOrAllocatingForIt() throws Exception {
        int max = Integer.MAX_VALUE;
        byte[] lying = concat(header(IdxBytes.UBYTE, 4, max, max, max, max), new byte[10]);
        Path raw = file("huge", lying);
        Path gz = file("huge.gz", gzip(lying));
        for (Path f : new Path[] {raw, gz}) {
            assertThatThrownBy(() -> reader.read(f))
                    .isInstanceOf(IdxFormatException.class)
                    .hasMessageContaining(f.toString())
                    .hasMessageContaining("claims more than " + IdxReader.DEFAULT_MAX_BYTES + " bytes")
                    .hasMessageContaining("dimensions so far [2147483647]");
            assertThat(allocatedWhileReading(f))
                    .as("bytes allocated reading %s", f)
                    .isLessThan(SMALL_ALLOCATION);
        }
    }

    @Test
    void aGzipHeaderClaiming900MegabytesButHolding10BytesAllocatesOnlyWhatArrives() throws Exception {
        Path f = file("liar.gz", gzip(concat(header(IdxBytes.UBYTE, 1, 900_000_000), new byte[10])));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("truncated: header claims 900000000 data bytes but only 10 are present");
        assertThat(allocatedWhileReading(f)).isLessThan(SMALL_ALLOCATION);
    }

    @Test
    void aRawHeaderClaiming900MegabytesIsComparedWithTheFileSizeFirst() throws Exception {
        Path f = file("liar", concat(header(IdxBytes.UBYTE, 1, 900_000_000), new byte[10]));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("header claims 900000000 data bytes but the file holds 10")
                .hasMessageContaining("truncated or corrupt");
        assertThat(allocatedWhileReading(f)).isLessThan(SMALL_ALLOCATION);
    }

    @Test
    void aTruncatedRawFileIsReportedWithBothSizes() {
        byte[] full = idx(new int[] {10, 28, 28}, randomBytes(7840, 6));
        Path f = file("cut", Arrays.copyOf(full, 5000));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("header claims 7840 data bytes but the file holds 4984")
                .hasMessageContaining("re-download or reinstall it");
    }

    @Test
    void trailingGarbageInARawFileIsRefused() {
        Path f = file("long", concat(idx(new int[] {4}, new byte[4]), new byte[] {42}));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("header claims 4 data bytes but the file holds 5");
    }

    @Test
    void trailingDataInsideTheGzipStreamIsRefused() {
        Path f = file("long.gz", gzip(concat(idx(new int[] {4}, new byte[4]), new byte[] {42})));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("has data beyond the 4 bytes its header claims");
    }

    @Test
    void aSecondGzipMemberIsContentAndSoTrailingData() {
        byte[] one = idx(new int[] {4}, new byte[4]);
        Path f = file("two-members.gz", concat(gzip(one), gzip(new byte[] {7})));
        assertThatThrownBy(() -> reader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("has data beyond the 4 bytes its header claims");
    }

    /**
     * Bytes after the last gzip member that do not start another member are ignored by the JDK's
     * decoder (as by gzip(1), which warns "trailing garbage ignored"). The IDX content itself is
     * complete and CRC-checked, so the file is read; this pins that documented behaviour.
     */
    @Test
    void nonGzipBytesAfterTheLastGzipMemberAreIgnoredAsByGzip() throws Exception {
        byte[] one = idx(new int[] {4}, new byte[] {1, 2, 3, 4});
        Path f = file("garbage-after.gz", concat(gzip(one), new byte[] {0, 0, 0, 0, 0}));
        assertThat(reader.read(f).data()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aCustomLimitRefusesLargerFiles() {
        Path f = file("100", idx(new int[] {100}, new byte[100]));
        assertThatThrownBy(() -> new IdxReader(99).read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("claims more than 99 bytes");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Integer.MAX_VALUE})
    void anImpossibleLimitIsRefused(long maxBytes) {
        assertThatThrownBy(() -> new IdxReader(maxBytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes must be in [1, 2147483639], was " + maxBytes);
    }

    @Test
    void zeroItemsIsAValidEmptyFile() throws Exception {
        IdxArray empty = reader.read(file("empty-set", header(IdxBytes.UBYTE, 3, 0, 28, 28)));
        assertThat(empty.count()).isZero();
        assertThat(empty.data()).isEmpty();
    }

    /** Heap bytes this thread allocates while the reader fails on {@code f} (after a warm-up read). */
    long allocatedWhileReading(Path f) {
        Allocations.measure(() -> reader.read(f));
        Allocations.Measured m = Allocations.measure(() -> reader.read(f));
        assertThat(m.thrown()).isInstanceOf(IdxFormatException.class);
        return m.bytes();
    }
}
