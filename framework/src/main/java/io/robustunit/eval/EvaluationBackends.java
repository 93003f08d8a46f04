package io.robustunit.eval;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apiguardian.api.API;

/** Looks up {@link EvaluationBackend}s on the class path. */
@API(status = INTERNAL, since = "0.1")
public final class EvaluationBackends {

    private EvaluationBackends() {}

    /**
     * The backend called {@code name} with {@code options}.
     *
     * @throws IllegalArgumentException if no such backend is on the class path, naming the module
     */
    public static EvaluationBackend create(String name, Map<String, String> options) {
        List<String> known = new ArrayList<>();
        for (EvaluationBackend.Provider p : ServiceLoader.load(EvaluationBackend.Provider.class)) {
            if (p.name().equals(name)) {
                return p.create(options);
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("no evaluation backend named '" + name + "' on the class path"
                + (known.isEmpty() ? "" : " (found: " + String.join(", ", known) + ")")
                + "; for Spark add io.robustunit:robustunit-spark and Spark's spark-core_2.13,"
                + " or run under spark-submit with the robustunit-spark jar");
    }

    /** The backend that system properties select (e.g. {@code robustunit.spark.master}), if any. */
    public static Optional<EvaluationBackend> fromSystemProperties() {
        for (EvaluationBackend.Provider p : ServiceLoader.load(EvaluationBackend.Provider.class)) {
            Optional<EvaluationBackend> backend = p.fromSystemProperties();
            if (backend.isPresent()) {
                return backend;
            }
        }
        if (System.getProperty("robustunit.spark.master") != null) {
            throw new IllegalStateException(
                    "system property robustunit.spark.master is set but robustunit-spark is not on the"
                            + " class path; add io.robustunit:robustunit-spark (test scope) and Spark's"
                            + " spark-core_2.13");
        }
        return Optional.empty();
    }
}
