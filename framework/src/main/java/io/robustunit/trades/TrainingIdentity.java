package io.robustunit.trades;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.cache.DatasetFingerprint;
import io.robustunit.threat.Norm;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * Everything that shapes a training trajectory, as a value: a checkpoint can only be resumed by a
 * trainer and a training set with an equal identity. The epoch count, outputs, listener and
 * held-out evaluation are not part of it.
 *
 * @param objective TRADES or adversarial training
 * @param norm the threat model's norm
 * @param epsilon the threat model's radius
 * @param min the lowest input value
 * @param max the highest input value
 * @param beta the TRADES trade-off
 * @param innerSteps steps of the inner maximisation
 * @param innerStepSize its step size
 * @param initialNoise its start noise
 * @param batchSize images per step
 * @param optimizer the optimiser with every setting
 * @param schedule the learning-rate schedule with every milestone
 * @param seed the base seed
 * @param trainingSetSize images in the training set
 * @param trainingSetSha256 the training set's content digest (see {@link DatasetFingerprint})
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TrainingIdentity(
        TrainingObjective objective,
        Norm norm,
        double epsilon,
        float min,
        float max,
        double beta,
        int innerSteps,
        double innerStepSize,
        double initialNoise,
        int batchSize,
        String optimizer,
        String schedule,
        long seed,
        int trainingSetSize,
        String trainingSetSha256) {

    private static final String PREFIX = "identity.";

    public TrainingIdentity {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(trainingSetSha256, "trainingSetSha256");
    }

    /** The components in which {@code other} differs, e.g. {@code [beta 6.0 vs 1.0]}; empty if equal. */
    public List<String> differences(TrainingIdentity other) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : TrainingIdentity.class.getRecordComponents()) {
            Object mine = value(c, this);
            Object theirs = value(c, other);
            if (!Objects.equals(mine, theirs)) {
                out.add(c.getName() + " " + mine + " vs " + theirs);
            }
        }
        return out;
    }

    void writeTo(Properties p) {
        for (RecordComponent c : TrainingIdentity.class.getRecordComponents()) {
            Object v = value(c, this);
            p.setProperty(PREFIX + c.getName(), v instanceof Enum<?> e ? e.name() : String.valueOf(v));
        }
    }

    static TrainingIdentity readFrom(Properties p, Path file) throws IOException {
        RecordComponent[] components = TrainingIdentity.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            String text = p.getProperty(PREFIX + c.getName());
            if (text == null) {
                throw new IOException(file + " lacks the key '" + PREFIX + c.getName()
                        + "' (a checkpoint of an older RobustUnit?); start a new training run");
            }
            try {
                values[i] = parse(c.getType(), text);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " has a malformed '" + PREFIX + c.getName() + "': " + text, e);
            }
        }
        try {
            return TrainingIdentity.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IOException(file + " holds an invalid training identity: " + e.getCause(), e);
        }
    }

    private static Object parse(Class<?> type, String text) {
        if (type == String.class) {
            return text;
        } else if (type == double.class) {
            return Double.parseDouble(text);
        } else if (type == float.class) {
            return Float.parseFloat(text);
        } else if (type == int.class) {
            return Integer.parseInt(text);
        } else if (type == long.class) {
            return Long.parseLong(text);
        } else if (type == TrainingObjective.class) {
            return TrainingObjective.valueOf(text);
        } else if (type == Norm.class) {
            return Norm.valueOf(text);
        }
        throw new IllegalStateException("no parser for " + type);
    }

    private static Object value(RecordComponent c, TrainingIdentity of) {
        try {
            return c.getAccessor().invoke(of);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
