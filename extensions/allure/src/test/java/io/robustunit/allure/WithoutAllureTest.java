package io.robustunit.allure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import io.robustunit.gate.GateListeners;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Reporting is optional: with this module on the classpath but Allure's classes missing (a user
 * excluded them), discovery skips the Allure listener and gates still reach the Markdown summary.
 */
@ResourceLock(Resources.SYSTEM_ERR)
class WithoutAllureTest {

    @TempDir
    Path dir;

    @Test
    void discoverySkipsTheAllureListenerAndTheSummaryStillWorks() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        Thread thread = Thread.currentThread();
        ClassLoader originalContext = thread.getContextClassLoader();
        try (URLClassLoader withoutAllure = new URLClassLoader(
                new URL[] {
                    location(GateListeners.class), location(AllureGateListener.class),
                    location(Gson.class), location(WithoutAllureTest.class)
                },
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("io.qameta.allure.Allure", false, withoutAllure))
                    .isInstanceOf(ClassNotFoundException.class);
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            thread.setContextClassLoader(withoutAllure);

            List<?> listeners = (List<?>) Class.forName(GateListeners.class.getName(), true, withoutAllure)
                    .getMethod("listeners")
                    .invoke(null);
            @SuppressWarnings("unchecked")
            Consumer<String> publisher =
                    (Consumer<String>) Class.forName(PublishesAGate.class.getName(), true, withoutAllure)
                            .getConstructor()
                            .newInstance();
            publisher.accept(dir.toString());

            assertThat(listeners)
                    .extracting(l -> l.getClass().getSimpleName())
                    .contains("MarkdownSummaryListener")
                    .doesNotContain("AllureGateListener");
        } finally {
            System.setErr(originalErr);
            thread.setContextClassLoader(originalContext);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("io.robustunit.allure.AllureGateListener")
                .contains("cannot be loaded and is skipped");
        assertThat(Files.readString(dir.resolve("robustness-summary.md")))
                .contains("| 1 | ❌ fail | WithoutAllure | fashion.pt |");
    }

    private static URL location(Class<?> type) throws Exception {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Loaded in the class loader without Allure: publishes one failed gate to a summary in a directory. */
    public static final class PublishesAGate implements Consumer<String> {
        @Override
        public void accept(String directory) {
            try (GateListeners.Registration r =
                    GateListeners.register(new io.robustunit.gate.MarkdownSummaryListener(Path.of(directory)))) {
                GateListeners.publish(io.robustunit.gate.GateOutcome.builder()
                        .description("robust accuracy >= 0.700")
                        .metric("robust accuracy")
                        .threshold(0.7)
                        .measured(63, 100)
                        .status(io.robustunit.gate.GateStatus.FAIL)
                        .modelName("fashion.pt")
                        .testName("WithoutAllure")
                        .build());
            }
        }
    }
}
