package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apiguardian.api.API;

/**
 * The process-wide fan-out of gate outcomes: listeners found by {@link ServiceLoader} (declared in
 * {@code META-INF/services/io.robustunit.gate.GateListener}, found once, on first use) plus those
 * {@link #register registered} in code.
 *
 * <p>{@link #publish} calls every listener on the caller's thread. A listener that throws, or that
 * cannot load (a reporting library missing from the classpath), is reported on standard error and
 * skipped: reporting never changes a gate's result.
 *
 * <pre>{@code
 * try (GateListeners.Registration r = GateListeners.register(outcomes::add)) {
 *     assertThat(model).on(data).underAttack(pgd).hasRobustAccuracyAtLeast(0.7);
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class GateListeners {

    private static final List<GateListener> REGISTERED = new CopyOnWriteArrayList<>();

    /** Frames of these packages are the gate machinery or the JVM, not the test that evaluated a gate. */
    private static final List<String> MACHINERY_PACKAGES =
            List.of("io.robustunit.", "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.apache.maven.");

    private static final int MAX_DISCOVERY_FAILURES = 100;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static final ThreadLocal<String> CURRENT_TEST = new ThreadLocal<>();

    private GateListeners() {}

    /** A programmatic registration; {@link #close()} removes the listener. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Adds a listener for every gate published from now on until the registration is closed. */
    public static Registration register(GateListener listener) {
        Objects.requireNonNull(listener, "listener");
        REGISTERED.add(listener);
        return () -> REGISTERED.remove(listener);
    }

    /**
     * Names the test running on this thread until the returned scope is closed; outcomes published
     * meanwhile without a test name get this one. Test-framework adapters call it around each test.
     */
    public static Registration runningTest(String testName) {
        Objects.requireNonNull(testName, "testName");
        String previous = CURRENT_TEST.get();
        CURRENT_TEST.set(testName);
        return () -> {
            if (previous == null) {
                CURRENT_TEST.remove();
            } else {
                CURRENT_TEST.set(previous);
            }
        };
    }

    /** The discovered listeners followed by the registered ones. */
    public static List<GateListener> listeners() {
        List<GateListener> all = new ArrayList<>(Discovered.LISTENERS);
        all.addAll(REGISTERED);
        return List.copyOf(all);
    }

    /**
     * Sends {@code outcome} to every listener, on this thread. If the outcome names no test, it is
     * attributed to the test named by {@link #runningTest}, else to the nearest calling method
     * annotated as a test (any annotation named {@code *Test}), else to the first calling method
     * outside RobustUnit and the JVM; as {@code SimpleClassName.method}.
     */
    public static void publish(GateOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        GateOutcome attributed = outcome.testName().isPresent() ? outcome : attribute(outcome);
        fanOut(listeners(), attributed, System.err);
    }

    static void fanOut(List<GateListener> listeners, GateOutcome outcome, PrintStream log) {
        for (GateListener listener : listeners) {
            try {
                listener.gateEvaluated(outcome);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                log.println("robustunit: gate listener " + listener.getClass().getName()
                        + " failed on gate '" + outcome.description() + "' (the gate's result is"
                        + " unchanged): " + e);
                e.printStackTrace(log);
            }
        }
    }

    private static GateOutcome attribute(GateOutcome outcome) {
        String name = CURRENT_TEST.get();
        if (name == null) {
            name = WALKER.walk(frames -> {
                List<StackWalker.StackFrame> stack = frames.toList();
                return stack.stream()
                        .filter(GateListeners::isTestMethod)
                        .findFirst()
                        .or(() -> stack.stream()
                                .filter(f -> MACHINERY_PACKAGES.stream().noneMatch(f.getClassName()::startsWith))
                                .findFirst())
                        .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName())
                        .orElse(null);
            });
        }
        return name == null ? outcome : outcome.withTestName(name);
    }

    /** Whether the frame runs a method annotated as a test ({@code @Test}, {@code @ParameterizedTest}...). */
    private static boolean isTestMethod(StackWalker.StackFrame frame) {
        try {
            for (Method m : frame.getDeclaringClass().getDeclaredMethods()) {
                if (m.getName().equals(frame.getMethodName())) {
                    for (Annotation a : m.getAnnotations()) {
                        String type = a.annotationType().getSimpleName();
                        if (type.endsWith("Test") || type.equals("TestTemplate")) {
                            return true;
                        }
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
        return false;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * Loads the listeners declared for {@link ServiceLoader}. A declared listener that cannot be
     * loaded or instantiated is reported on {@code log} and skipped.
     */
    static List<GateListener> discover(ClassLoader loader, PrintStream log) {
        List<GateListener> found = new ArrayList<>();
        Iterator<GateListener> it =
                ServiceLoader.load(GateListener.class, loader).iterator();
        Set<String> seen = new HashSet<>();
        for (int failures = 0; failures < MAX_DISCOVERY_FAILURES; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                GateListener listener = it.next();
                if (seen.add(listener.getClass().getName())) {
                    found.add(listener);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                log.println("robustunit: a gate listener declared in META-INF/services/"
                        + GateListener.class.getName() + " cannot be loaded and is skipped (is a"
                        + " library it needs missing from the classpath?): " + e);
            }
        }
        return List.copyOf(found);
    }

    /** Discovery on first use, by the initialization-on-demand idiom. */
    private static final class Discovered {
        static final List<GateListener> LISTENERS = discover(loader(), System.err);

        private static ClassLoader loader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : GateListeners.class.getClassLoader();
        }
    }
}
