package io.robustunit.attack;

import ai.djl.ndarray.NDArray;
import io.robustunit.model.Classifier;

/** Test utility: re-classifies adversarial examples independently of the attack's bookkeeping. */
final class Outcomes {

    private Outcomes() {}

    static int[] predictions(Classifier model, NDArray inputs) {
        try (NDArray logits = model.logits(inputs);
                NDArray argmax = logits.argMax(1)) {
            long[] p = argmax.toLongArray();
            int[] out = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = (int) p[i];
            }
            return out;
        }
    }

    /** Share of samples the model still classifies correctly on the returned points. */
    static double robustAccuracy(Classifier model, AttackResult result, int[] labels) {
        int[] p = predictions(model, result.adversarial());
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / p.length;
    }
}
