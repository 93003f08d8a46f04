package io.robustunit.cache;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.model.Classifier;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Which model an evaluation measured. A model loaded from a file is identified by the file's
 * SHA-256 (so two loads of one file share results, and a changed file is another model); a model
 * without a digest (built in memory, or trained since it was loaded) only by its instance, which
 * never matches across JVMs.
 *
 * @param name the model's name, which reports show
 * @param sha256 the digest of the model file, or null
 * @param instance the model itself when it has no digest, else null (compared by identity)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ModelIdentity(String name, String sha256, Classifier instance) {

    public ModelIdentity {
        Objects.requireNonNull(name, "name");
        if ((sha256 == null) == (instance == null)) {
            throw new IllegalArgumentException("a model identity has either a digest or an instance");
        }
    }

    /** The identity of {@code model} as it is now (its digest if it has one). */
    public static ModelIdentity of(Classifier model) {
        Objects.requireNonNull(model, "model");
        return model.sha256()
                .map(sha -> new ModelIdentity(model.name(), sha, null))
                .orElseGet(() -> new ModelIdentity(model.name(), null, model));
    }

    /** Whether this identity means the same model in another JVM (it has a file digest). */
    public boolean isPortable() {
        return sha256 != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelIdentity m
                && m.name.equals(name)
                && Objects.equals(m.sha256, sha256)
                && m.instance == instance;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, sha256, System.identityHashCode(instance));
    }

    @Override
    public String toString() {
        return name + (sha256 != null ? " (sha256 " + sha256 + ")" : " (in memory, no file digest)");
    }
}
