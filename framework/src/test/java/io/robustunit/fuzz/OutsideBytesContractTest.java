package io.robustunit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.fuzz.OutsideBytesContract.ContractViolation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness must catch each kind of breach, or the fuzz properties that rely on it prove nothing. */
class OutsideBytesContractTest {

    static volatile Object sink;

    /** A toy format: a 4-byte length, then that many bytes. Throws IOException on bad input. */
    static byte[] parseLengthPrefixed(byte[] input, boolean trustTheHeader) throws IOException {
        if (input.length < 4) {
            throw new IOException("too short");
        }
        int length = ByteBuffer.wrap(input).getInt();
        if (length < 0) {
            throw new IOException("negative length");
        }
        if (trustTheHeader) {
            sink = new byte[length];
        }
        if (length != input.length - 4) {
            throw new IOException("length " + length + " but " + (input.length - 4) + " bytes");
        }
        return java.util.Arrays.copyOfRange(input, 4, input.length);
    }

    static OutsideBytesContract.Builder<byte[]> toyContract(boolean trustTheHeader) {
        return OutsideBytesContract.<byte[]>builder()
                .setParser(input -> () -> parseLengthPrefixed(input, trustTheHeader))
                .setDocumentedFailure(IOException.class)
                .optAllocationBudget(AllocationBudget.proportional(64 * 1024, 4, RealSize::bytes))
                .optWarmUp(new byte[] {0, 0, 0, 1, 7}, new byte[2]);
    }

    static final byte[] CLAIMS_100_MB = {0x06, 0x00, 0x00, 0x00, 1, 2, 3};

    @Test
    void anHonestParserPassesAndReportsWhatHappened() {
        OutsideBytesContract<byte[]> contract = toyContract(false)
                .optAcceptedCheck((input, body) -> assertThat(body).hasSize(input.length - 4))
                .build();
        OutsideBytesContract.Outcome<byte[]> read = contract.check(new byte[] {0, 0, 0, 2, 5, 6});
        assertThat(read.accepted()).isTrue();
        assertThat(read.value()).containsExactly(5, 6);
        OutsideBytesContract.Outcome<byte[]> rejected = contract.check(CLAIMS_100_MB);
        assertThat(rejected.accepted()).isFalse();
        assertThat(rejected.thrown()).isInstanceOf(IOException.class);
        assertThat(rejected.allocatedBytes()).isLessThan(64 * 1024);
    }

    @Test
    void allocatingFromAnUnverifiedHeaderBreaksTheBudget() {
        OutsideBytesContract<byte[]> contract = toyContract(true).build();
        assertThatThrownBy(() -> contract.check(CLAIMS_100_MB))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("more than its budget of 65564")
                .hasMessageContaining("Input (7 bytes): 06000000010203");
    }

    @Test
    void anUndocumentedExceptionIsAViolation() {
        OutsideBytesContract<Object> contract = OutsideBytesContract.builder()
                .setParser(input -> () -> input[input.length])
                .setDocumentedFailure(IOException.class)
                .build();
        assertThatThrownBy(() -> contract.check(new byte[] {1}))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining(
                        "threw java.lang.ArrayIndexOutOfBoundsException instead of returning or throwing java.io.IOException")
                .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    void anErrorIsAViolationToo() {
        OutsideBytesContract<Object> contract = OutsideBytesContract.builder()
                .setParser(input -> () -> {
                    throw new StackOverflowError();
                })
                .setDocumentedFailure(IOException.class)
                .build();
        assertThatThrownBy(() -> contract.check(new byte[0]))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("threw java.lang.StackOverflowError");
    }

    @Test
    void aParserThatDoesNotReturnInTimeIsAViolationAndTheNextInputStillRuns() {
        OutsideBytesContract<Integer> contract = OutsideBytesContract.<Integer>builder()
                .setParser(input -> () -> {
                    if (input.length == 0) {
                        Thread.sleep(60_000);
                    }
                    return input.length;
                })
                .setDocumentedFailure(IOException.class)
                .optTimeout(Duration.ofMillis(200))
                .build();
        assertThatThrownBy(() -> contract.check(new byte[0]))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("ran longer than PT0.2S");
        assertThat(contract.check(new byte[3]).value()).isEqualTo(3);
    }

    @Test
    void aWrongReturnedValueIsAViolation() {
        OutsideBytesContract<byte[]> contract = toyContract(false)
                .optAcceptedCheck((input, body) -> assertThat(body).as("body").isEmpty())
                .build();
        assertThatThrownBy(() -> contract.check(new byte[] {0, 0, 0, 1, 9}))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("returned a wrong value")
                .hasMessageContaining("[body]");
    }

    @Test
    void allocationIsCountedPerThread() {
        Allocations.Measured m = Allocations.measure(() -> {
            byte[] big = new byte[4 << 20];
            big[1] = 1;
        });
        assertThat(m.bytes()).isBetween(4L << 20, 5L << 20);
        assertThat(m.thrown()).isNull();
    }
}
