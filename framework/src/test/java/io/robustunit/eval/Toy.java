package io.robustunit.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.ThreatModel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A toy world with outcomes known by hand: three-pixel "images" whose logits are their pixels
 * ({@link PixelClassifier}), and attacks that move mass from the true class's pixel to the next
 * class's pixel.
 */
final class Toy {

    static final List<String> CLASSES = List.of("zero", "one", "two");
    static final InputContract CONTRACT = InputContract.of(new Shape(1, 1, 3), 0f, 1f, 3);

    private Toy() {}

    /**
     * Six samples (dataset indices 10..15). Under a 0.1 shift: 10 and 14 stay robust, 11, 12 and 15
     * break, 13 is misclassified clean.
     */
    static LabeledImages data() {
        float[] pixels = {
            0.9f, 0.1f, 0.1f, // 10: label 0, margin 0.8  -> robust
            0.5f, 0.4f, 0.0f, // 11: label 0, margin 0.1  -> broken
            0.0f, 0.6f, 0.5f, // 12: label 1, margin 0.1  -> broken
            0.7f, 0.2f, 0.1f, // 13: label 1, predicted 0 -> misclassified clean
            0.1f, 0.1f, 0.9f, // 14: label 2, margin 0.8  -> robust
            0.0f, 0.3f, 0.35f, // 15: label 2, next class 0 gains, but class 1 wins -> broken
        };
        return LabeledImages.of("toy", new int[] {1, 1, 3}, CLASSES, pixels, new int[] {0, 0, 1, 1, 2, 2}, new int[] {
            10, 11, 12, 13, 14, 15
        });
    }

    /** Logits are the three pixel values. */
    static final class PixelClassifier implements Classifier {
        @Override
        public String name() {
            return "pixel-argmax";
        }

        @Override
        public InputContract contract() {
            return CONTRACT;
        }

        @Override
        public Device device() {
            return Device.cpu();
        }

        @Override
        public NDArray logits(NDArray inputs) {
            CONTRACT.checkInput(inputs, name());
            return inputs.reshape(inputs.getShape().get(0), 3);
        }

        @Override
        public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
            throw new UnsupportedOperationException("toy attacks need no gradients");
        }

        @Override
        public void close() {}
    }

    /** Base of the toy attacks: a record supplies threatModel() and seed(). */
    interface ToyAttack extends Attack {
        @Override
        default boolean needsGradients() {
            return false;
        }

        @Override
        default AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
            float[] x = inputs.toFloatArray();
            int[] y = labels.toIntArray();
            String[] brokenBy = new String[y.length];
            change(x, y, brokenBy, datasetIndices);
            return new AttackResult(inputs.getManager().create(x, inputs.getShape()), brokenBy);
        }

        /** Changes the pixels of each sample {@code i} ({@code x[3i..3i+2]}) in place. */
        void change(float[] x, int[] y, String[] brokenBy, int[] datasetIndices);
    }

    /** Moves {@code factor * eps} from the true class's pixel to the next class's, clipped to [0, 1]. */
    record ShiftAttack(ThreatModel threatModel, long seed, double factor, String member) implements ToyAttack {

        static ShiftAttack of(double eps) {
            return new ShiftAttack(ThreatModel.linf(eps), 0, 1, null);
        }

        @Override
        public String name() {
            return "Shift";
        }

        @Override
        public Attack withThreatModel(ThreatModel tm) {
            return new ShiftAttack(tm, seed, factor, member);
        }

        @Override
        public Attack withSeed(long newSeed) {
            return new ShiftAttack(threatModel, newSeed, factor, member);
        }

        @Override
        public void change(float[] x, int[] y, String[] brokenBy, int[] datasetIndices) {
            float step = (float) (factor * threatModel.epsilon());
            for (int i = 0; i < y.length; i++) {
                int own = 3 * i + y[i];
                int next = 3 * i + (y[i] + 1) % 3;
                x[own] = Math.max(0f, x[own] - step);
                x[next] = Math.min(1f, x[next] + step);
                brokenBy[i] = member;
            }
        }

        @Override
        public String toString() {
            return "Shift(" + threatModel + ", x" + factor + ", seed " + seed + ")";
        }
    }

    /** Writes fixed values into pixel 0 of every sample, ignoring the ball and range. */
    record OverwriteAttack(ThreatModel threatModel, long seed, float value) implements ToyAttack {

        @Override
        public String name() {
            return "Overwrite";
        }

        @Override
        public Attack withThreatModel(ThreatModel tm) {
            return new OverwriteAttack(tm, seed, value);
        }

        @Override
        public Attack withSeed(long newSeed) {
            return new OverwriteAttack(threatModel, newSeed, value);
        }

        @Override
        public void change(float[] x, int[] y, String[] brokenBy, int[] datasetIndices) {
            for (int i = 0; i < y.length; i++) {
                x[3 * i] = value;
            }
        }
    }

    /** Changes nothing; records the dataset indices of each batch it is given and the managers of the inputs. */
    record RecordingAttack(
            ThreatModel threatModel, long seed, Set<java.util.List<Integer>> batches, Set<NDManager> managers)
            implements ToyAttack {

        static RecordingAttack create() {
            return new RecordingAttack(
                    ThreatModel.linf(0.1), 7, ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
        }

        @Override
        public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
            managers.add(inputs.getManager());
            return ToyAttack.super.perturb(model, inputs, labels, datasetIndices);
        }

        @Override
        public String name() {
            return "Recording";
        }

        @Override
        public Attack withThreatModel(ThreatModel tm) {
            return new RecordingAttack(tm, seed, batches, managers);
        }

        @Override
        public Attack withSeed(long newSeed) {
            return new RecordingAttack(threatModel, newSeed, batches, managers);
        }

        @Override
        public void change(float[] x, int[] y, String[] brokenBy, int[] datasetIndices) {
            batches.add(java.util.Arrays.stream(datasetIndices).boxed().toList());
        }
    }
}
