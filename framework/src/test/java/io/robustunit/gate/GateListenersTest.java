package io.robustunit.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateListenersTest {

    @TempDir
    Path dir;

    @Test
    void aRegisteredListenerHearsEveryGateUntilItsRegistrationCloses() {
        List<GateOutcome> heard = new CopyOnWriteArrayList<>();
        GateOutcome first = GateFixtures.failed();

        try (GateListeners.Registration r = GateListeners.register(heard::add)) {
            assertThat(GateListeners.listeners()).hasSizeGreaterThanOrEqualTo(1);
            GateListeners.publish(first);
        }
        GateListeners.publish(first);

        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).description()).isEqualTo(first.description());
    }

    @Test
    void aThrowingListenerIsLoggedAndTheOthersStillHearTheGate() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TestListeners.Recording after = new TestListeners.Recording();
        GateListener broken = outcome -> {
            throw new IllegalStateException("report server down");
        };

        GateListeners.fanOut(
                List.of(broken, after), GateFixtures.failed(), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(after.received).hasSize(1);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("failed on gate 'robust accuracy >= 0.700' (the gate's result is unchanged)")
                .contains("java.lang.IllegalStateException: report server down");
    }

    @Test
    void publishNeverThrowsWhateverAListenerDoes() {
        try (GateListeners.Registration r = GateListeners.register(outcome -> {
            throw new NoClassDefFoundError("io/qameta/allure/Allure");
        })) {
            assertThatCode(() -> GateListeners.publish(GateFixtures.failed())).doesNotThrowAnyException();
        }
    }

    @Test
    void anUnnamedGateIsAttributedToTheTestMethodThatEvaluatedIt() {
        TestListeners.Recording recording = new TestListeners.Recording();
        try (GateListeners.Registration r = GateListeners.register(recording)) {
            GateListeners.publish(GateFixtures.failed());
            try (GateListeners.Registration test = GateListeners.runningTest("Fashion gates > PGD")) {
                GateListeners.publish(GateFixtures.failed());
            }
            GateListeners.publish(GateFixtures.failed().withTestName("explicit"));
        }

        assertThat(recording.received)
                .extracting(o -> o.testName().orElse(null))
                .containsExactly(
                        "GateListenersTest.anUnnamedGateIsAttributedToTheTestMethodThatEvaluatedIt",
                        "Fashion gates > PGD",
                        "explicit");
    }

    @Test
    void withoutATestMethodTheFirstCallerOutsideTheLibraryIsNamed() throws Exception {
        TestListeners.Recording recording = new TestListeners.Recording();
        try (GateListeners.Registration r = GateListeners.register(recording)) {
            Thread noTestOnTheStack = new Thread(() -> new com.example.UserGateTest().publishesAGate());
            noTestOnTheStack.start();
            noTestOnTheStack.join();
        }

        assertThat(recording.received)
                .singleElement()
                .satisfies(o -> assertThat(o.testName()).contains("UserGateTest.publishesAGate"));
    }

    @Test
    void discoveryFindsTheDefaultSummaryListener() {
        List<GateListener> found = GateListeners.discover(getClass().getClassLoader(), System.err);

        assertThat(found).hasAtLeastOneElementOfType(MarkdownSummaryListener.class);
    }

    @Test
    void discoverySkipsListenersThatCannotLoadAndKeepsTheRest() throws Exception {
        Path services = dir.resolve("META-INF/services/" + GateListener.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(
                services,
                String.join(
                        "\n",
                        "io.robustunit.allure.AllureGateListener",
                        TestListeners.NeedsAMissingLibrary.class.getName(),
                        TestListeners.Recording.class.getName()));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        List<GateListener> found;
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            found = GateListeners.discover(loader, new PrintStream(log, true, StandardCharsets.UTF_8));
        }

        assertThat(found)
                .hasAtLeastOneElementOfType(MarkdownSummaryListener.class)
                .hasAtLeastOneElementOfType(TestListeners.Recording.class)
                .noneMatch(l -> l instanceof TestListeners.NeedsAMissingLibrary);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("io.robustunit.allure.AllureGateListener")
                .contains("NeedsAMissingLibrary")
                .contains("cannot be loaded and is skipped");
    }
}
