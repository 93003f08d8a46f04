package io.robustunit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.testing.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineEngineTest {

    /** Started in a fresh JVM with an empty DJL cache and only the offline switches RobustUnit sets. */
    public static void main(String[] args) {
        var engine = RobustUnitEngine.pytorch();
        System.out.println("ENGINE " + engine.getEngineName() + " " + engine.getVersion());
        System.out.println("OFFLINE " + System.getProperty("ai.djl.offline"));
        System.out.println("TRACKING " + System.getProperty("OPT_OUT_TRACKING"));
        RobustUnitEngine.setIntraOpThreads(1);
        System.out.println("THREADS " + RobustUnitEngine.intraOpThreads());
    }

    @Test
    void pytorchEngineLoadsOfflineFromAnEmptyCacheWithTrackingOff(@TempDir Path cache) throws Exception {
        ProcessBuilder pb = ChildJvm.builder(OfflineEngineTest.class);
        pb.environment().remove("DJL_OFFLINE");
        pb.environment().remove("OPT_OUT_TRACKING");
        pb.environment().remove("PYTORCH_VERSION");
        pb.environment().remove("PYTORCH_FLAVOR");
        pb.environment().put("DJL_CACHE_DIR", cache.toString());
        pb.environment().put("ENGINE_CACHE_DIR", cache.toString());
        String out = ChildJvm.run(pb);
        assertThat(out)
                .contains("ENGINE PyTorch 2.7.1")
                .contains("OFFLINE true")
                .contains("TRACKING true")
                .contains("THREADS 1");
        try (var files = Files.walk(cache)) {
            assertThat(files.map(Path::toString).filter(f -> f.endsWith(File.separator + "libtorch.so")))
                    .as("natives unpacked into the empty cache")
                    .isNotEmpty();
        }
    }

    @Test
    void unsupportedEngineIsRefusedWithTheFix() {
        assertThatThrownBy(() -> RobustUnitEngine.engine("TensorFlow"))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("'TensorFlow' is not supported")
                .hasMessageContaining("PyTorch");
    }

    @Test
    void threadCountMustBePositive() {
        assertThatThrownBy(() -> RobustUnitEngine.setIntraOpThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intra-op threads");
    }
}
