package io.robustunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    @Test
    void theEngineTunesGlibcsAllocatorWhenNobodyElseDid() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"), "Linux only");
        assumeTrue(
                System.getenv("MALLOC_MMAP_THRESHOLD_") == null && System.getenv("MALLOC_TRIM_THRESHOLD_") == null,
                "the environment already sets the thresholds");

        RobustUnitEngine.pytorch();

        assertThat(NativeAllocator.state()).isEqualTo("tuned (mmap threshold 32 MiB, trim threshold 1 GiB)");
        assertThat(NativeAllocator.tune()).as("applied once per JVM").isEqualTo(NativeAllocator.state());
    }
}
