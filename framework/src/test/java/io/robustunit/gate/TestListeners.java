package io.robustunit.gate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Listeners for discovery tests (public: {@link java.util.ServiceLoader} instantiates them). */
public final class TestListeners {

    private TestListeners() {}

    /** Records what it receives. */
    public static final class Recording implements GateListener {
        public final List<GateOutcome> received = new CopyOnWriteArrayList<>();

        @Override
        public void gateEvaluated(GateOutcome outcome) {
            received.add(outcome);
        }
    }

    /** Behaves like a listener whose reporting library is not on the classpath. */
    public static final class NeedsAMissingLibrary implements GateListener {
        static {
            missingLibrary();
        }

        private static void missingLibrary() {
            throw new NoClassDefFoundError("io/qameta/allure/Allure");
        }

        @Override
        public void gateEvaluated(GateOutcome outcome) {}
    }
}
