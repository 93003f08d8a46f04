package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.data.Batch;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;

/** Counts clean and robust correct predictions on a held-out split. */
final class HeldOutProbe {

    /** Correct counts on {@code samples} images. */
    record Counts(int samples, int cleanCorrect, int robustCorrect) {}

    private final LabeledImages data;
    private final Attack attack;
    private final int batchSize;

    HeldOutProbe(LabeledImages data, Attack attack, int batchSize) {
        this.data = data;
        this.attack = attack;
        this.batchSize = batchSize;
    }

    Attack attack() {
        return attack;
    }

    Counts measure(Classifier model, NDManager parent) {
        int clean = 0;
        int robust = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            try (NDManager scope = parent.newSubManager(); Batch b = data.batch(scope, from, to)) {
                NDArray labels = b.labels().toType(DataType.INT64, false);
                NDArray cleanOk = model.logits(b.images()).argMax(1).eq(labels);
                long batchSeed = Seeds.mix(0, b.datasetIndices()[0], to - from);
                try (AttackResult r = attack.perturb(model, b.images(), b.labels(), batchSeed)) {
                    NDArray robustOk = model.logits(r.adversarial()).argMax(1).eq(labels).logicalAnd(cleanOk);
                    clean += (int) cleanOk.sum().toType(DataType.INT64, false).getLong();
                    robust += (int) robustOk.sum().toType(DataType.INT64, false).getLong();
                }
            }
        }
        return new Counts(data.size(), clean, robust);
    }
}
