package io.robustunit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.data.Batch;
import io.robustunit.engine.NativeArrays;
import io.robustunit.model.Classifier;
import io.robustunit.model.ExpectationOverTransformation;
import io.robustunit.threat.ThreatModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates one batch inside the caller's NDManager scope: clean predictions, the attack, a check
 * that every adversarial example lies inside the threat model's ball and range (violations become
 * {@link ValidityFinding}s and are scored on their projection), and the adversarial predictions.
 * Only plain Java values leave it, as a {@link Result}.
 */
final class BatchEvaluation {

    /** What one batch contributes to the report. */
    record Result(List<SampleOutcome> outcomes, List<ValidityFinding> findings, List<AdversarialExample> examples) {}

    private final Classifier model;
    private final Attack attack;
    private final ThreatModel tm;
    private final Batch batch;
    private final int[] indices;
    private final int n;
    private final int item;
    private final int retain;

    BatchEvaluation(Classifier model, Attack attack, ThreatModel tm, Batch batch, int retain) {
        this.model = model;
        this.attack = attack;
        this.tm = tm;
        this.batch = batch;
        this.indices = batch.datasetIndices();
        this.n = indices.length;
        this.item = (int) (batch.images().size() / n);
        this.retain = retain;
    }

    Result run() {
        NDArray images = batch.images();
        int[] labels = batch.labels().toIntArray();
        int[] cleanPred = predictions(model, images, labels);
        AttackResult result = attack.perturb(model, images, batch.labels(), indices.clone());
        checkShape(result, images.getShape());
        float[] clean = images.toFloatArray();
        float[] adv = result.adversarial().toFloatArray();

        List<ValidityFinding> findings = new ArrayList<>();
        boolean[] invalid = new boolean[n];
        for (int i = 0; i < n; i++) {
            invalid[i] = check(i, clean, adv, findings);
        }
        float[] scored = adv;
        NDArray scoredArray = result.adversarial();
        if (findings.size() > 0) {
            scored = repair(clean, adv, invalid, images);
            scoredArray = NativeArrays.floats(images.getManager(), scored, images.getShape());
        }
        int[] advPred = predictions(model, scoredArray, labels);
        String[] brokenBy = result.brokenBy();
        List<SampleOutcome> outcomes = new ArrayList<>(n);
        List<AdversarialExample> examples = new ArrayList<>();
        int[] shape = Arrays.stream(images.getShape().slice(1).getShape())
                .mapToInt(Math::toIntExact)
                .toArray();
        for (int i = 0; i < n; i++) {
            boolean broken = cleanPred[i] == labels[i] && advPred[i] != labels[i];
            String by = null;
            if (broken) {
                by = brokenBy[i] != null ? brokenBy[i] : attack.toString();
                if (retain > 0) {
                    examples.add(new AdversarialExample(
                            indices[i],
                            labels[i],
                            cleanPred[i],
                            advPred[i],
                            shape,
                            Arrays.copyOfRange(clean, i * item, (i + 1) * item),
                            Arrays.copyOfRange(scored, i * item, (i + 1) * item)));
                }
            }
            outcomes.add(
                    new SampleOutcome(indices[i], labels[i], cleanPred[i], advPred[i], norm(clean, scored, i), by));
        }
        examples.sort(java.util.Comparator.comparingInt(AdversarialExample::datasetIndex));
        return new Result(outcomes, findings, List.copyOf(examples.subList(0, Math.min(retain, examples.size()))));
    }

    private void checkShape(AttackResult result, Shape expected) {
        if (result == null || result.adversarial() == null || result.brokenBy() == null) {
            throw new IllegalStateException("attack " + attack + " returned no result (or a null array) for a batch");
        }
        NDArray adv = result.adversarial();
        if (!adv.getShape().equals(expected) || adv.getDataType() != DataType.FLOAT32) {
            throw new IllegalStateException("attack " + attack + " returned adversarial examples of shape "
                    + adv.getShape() + " " + adv.getDataType() + " for a batch of "
                    + expected + " float32; an attack must return one example per input");
        }
        if (result.brokenBy().length != n) {
            throw new IllegalStateException("attack " + attack + " returned " + result.brokenBy().length
                    + " brokenBy entries for a batch of " + n);
        }
    }

    /** Records what is wrong with sample {@code i}; returns whether it must be repaired. */
    private boolean check(int i, float[] clean, float[] adv, List<ValidityFinding> findings) {
        int index = indices[i];
        int off = i * item;
        boolean finite = true;
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int j = off; j < off + item; j++) {
            float v = adv[j];
            if (!Float.isFinite(v)) {
                finite = false;
            } else {
                lowest = Math.min(lowest, v);
                highest = Math.max(highest, v);
            }
        }
        if (!finite) {
            findings.add(new ValidityFinding(
                    index,
                    ValidityFinding.Kind.NOT_FINITE,
                    Double.NaN,
                    Double.NaN,
                    "the adversarial example contains NaN or infinite values"));
            return true;
        }
        boolean bad = false;
        double rangeSlack = RobustnessEvaluator.TOLERANCE * Math.max(1, (double) tm.max() - tm.min());
        if (lowest < tm.min() - rangeSlack || highest > tm.max() + rangeSlack) {
            boolean below = lowest < tm.min() - rangeSlack;
            findings.add(new ValidityFinding(
                    index,
                    ValidityFinding.Kind.OUTSIDE_RANGE,
                    below ? lowest : highest,
                    below ? tm.min() : tm.max(),
                    "values span [" + lowest + ", " + highest + "] outside the input range [" + tm.min() + ", "
                            + tm.max() + "]"));
            bad = true;
        }
        double norm = norm(clean, adv, i);
        double limit = tm.epsilon() + RobustnessEvaluator.TOLERANCE * Math.max(1, tm.epsilon());
        if (norm > limit) {
            findings.add(new ValidityFinding(
                    index,
                    ValidityFinding.Kind.OUTSIDE_BALL,
                    norm,
                    tm.epsilon(),
                    tm.norm() + " perturbation " + norm + " exceeds epsilon " + tm.epsilon()));
            bad = true;
        }
        return bad;
    }

    /** The invalid samples projected into the ball and range (non-finite values reset). */
    private float[] repair(float[] clean, float[] adv, boolean[] invalid, NDArray images) {
        float[] candidate = adv.clone();
        for (int j = 0; j < candidate.length; j++) {
            if (!Float.isFinite(candidate[j])) {
                candidate[j] = clean[j];
            }
        }
        NDArray projected = tm.project(NativeArrays.floats(images.getManager(), candidate, images.getShape()), images);
        float[] fixed = projected.toFloatArray();
        float[] scored = adv.clone();
        for (int i = 0; i < n; i++) {
            if (invalid[i]) {
                System.arraycopy(fixed, i * item, scored, i * item, item);
            }
        }
        return scored;
    }

    /** Sample {@code i}'s perturbation norm in double precision. */
    private double norm(float[] clean, float[] adv, int i) {
        return tm.norm().distance(clean, adv, i * item, item);
    }

    /**
     * The model's classes; for an {@link ExpectationOverTransformation} view of a random model,
     * the first wrong class among its repeated predictions (the label if all are right).
     */
    private static int[] predictions(Classifier model, NDArray inputs, int[] labels) {
        if (!(model instanceof ExpectationOverTransformation eot)) {
            return predictions(model.logits(inputs));
        }
        int[] p = null;
        for (int r = 0; r < eot.predictionRepeats(); r++) {
            int[] draw = predictions(eot.base().logits(inputs));
            if (p == null) {
                p = draw;
            }
            for (int i = 0; i < p.length; i++) {
                if (p[i] == labels[i] && draw[i] != labels[i]) {
                    p[i] = draw[i];
                }
            }
        }
        return p;
    }

    private static int[] predictions(NDArray logits) {
        long[] argmax = logits.argMax(1).toLongArray();
        int[] p = new int[argmax.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (int) argmax[i];
        }
        return p;
    }
}
