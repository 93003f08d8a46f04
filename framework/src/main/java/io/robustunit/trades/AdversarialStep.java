package io.robustunit.trades;

import ai.djl.ndarray.NDArray;
import io.robustunit.engine.PyTorchCalls;
import io.robustunit.model.Classifier;
import io.robustunit.model.GradientRecording;
import io.robustunit.model.TrainableClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One step of {@link TrainingObjective#TRADES}, {@link TrainingObjective#MADRY} or {@link TrainingObjective#GAUSSIAN_NOISE}
 * (which replaces the inner maximisation by Gaussian noise): the inner maximisation in
 * evaluation mode with parameters frozen, then the outer loss in training mode with parameters
 * unfrozen, gradients zeroed before the backward pass and read right after it.
 *
 * <p>The TRADES outer loss follows the paper's code (trades.py) call for call: three training-mode
 * forward passes, {@code f(x)} for the cross-entropy, then {@code f(x')}, then {@code f(x)} again
 * as the KL target, so BatchNorm statistics and dropout masks evolve as they do there.
 */
final class AdversarialStep {

    /** The losses of a step and one gradient per parameter (attached to the batch's manager). */
    record Outcome(double naturalLoss, double robustLoss, double loss, List<NDArray> gradients) {}

    private final TrainingObjective objective;
    private final double beta;
    private final double initialNoise;
    private final InnerMaximization inner;

    AdversarialStep(TrainingObjective objective, double beta, double initialNoise, InnerMaximization inner) {
        this.objective = objective;
        this.beta = beta;
        this.initialNoise = initialNoise;
        this.inner = inner;
    }

    /**
     * The adversarial batch {@code x'}: TRADES maximises the KL divergence from the clean
     * prediction starting at {@code x + initialNoise * N(0, 1)}; Madry maximises the cross-entropy
     * from a uniformly random point of the ball. Detached, attached to {@code x}'s manager.
     */
    NDArray adversarial(Classifier model, NDArray x, NDArray oneHotLabels, SplittableRandom random) {
        if (objective == TrainingObjective.TRADES) {
            NDArray cleanLogP = model.logits(x).logSoftmax(1);
            NDArray cleanP = cleanLogP.exp();
            NDArray start = inner.gaussianStart(x, initialNoise, random);
            return inner.maximise(model, x, start, logits -> TrainingLosses.klDivergence(cleanP, cleanLogP, logits));
        }
        if (objective == TrainingObjective.GAUSSIAN_NOISE) {
            NDArray noise =
                    PyTorchCalls.seededNormal(x.getManager(), random.nextLong(), (float) initialNoise, x.getShape());
            return noise.addi(x);
        }
        NDArray start = inner.uniformStart(x, random);
        return inner.maximise(model, x, start, logits -> TrainingLosses.crossEntropy(logits, oneHotLabels));
    }

    /**
     * The outer loss and its parameter gradients, in training mode.
     *
     * @param dropoutSeed seeds PyTorch's generator for dropout in this step
     * @param betaScale share of beta this step trains with (below 1 while it ramps in)
     */
    Outcome outer(
            TrainableClassifier model,
            List<NDArray> parameters,
            NDArray x,
            NDArray adversarial,
            NDArray oneHotLabels,
            long dropoutSeed,
            double betaScale) {
        return GradientRecording.record(x.getManager().getEngine(), collector -> {
            model.setParametersTrainable(true);
            try {
                for (NDArray p : parameters) {
                    TorchAutograd.zeroGradient(p);
                }
                TorchAutograd.seedDropout(dropoutSeed);
                NDArray natural;
                NDArray robust;
                NDArray loss;
                if (objective == TrainingObjective.TRADES) {
                    NDArray cleanLogits = model.trainingLogits(x);
                    NDArray adversarialLogits = model.trainingLogits(adversarial);
                    NDArray klTargetLogits = model.trainingLogits(x);
                    natural = TrainingLosses.crossEntropy(cleanLogits, oneHotLabels)
                            .mean();
                    robust = TrainingLosses.klDivergence(klTargetLogits.logSoftmax(1), adversarialLogits)
                            .mean();
                    loss = natural.add(robust.mul((float) (beta * betaScale)));
                } else if (objective == TrainingObjective.GAUSSIAN_NOISE) {
                    natural = null;
                    robust = TrainingLosses.crossEntropy(model.noisyTrainingLogits(adversarial), oneHotLabels)
                            .mean();
                    loss = robust;
                } else {
                    natural = null;
                    robust = TrainingLosses.crossEntropy(model.trainingLogits(adversarial), oneHotLabels)
                            .mean();
                    loss = robust;
                }
                collector.backward(loss);
                List<NDArray> gradients = gradients(model, parameters, x);
                return new Outcome(
                        natural == null ? Double.NaN : natural.getFloat(),
                        robust.getFloat(),
                        loss.getFloat(),
                        gradients);
            } finally {
                model.setParametersTrainable(false);
            }
        });
    }

    private static List<NDArray> gradients(TrainableClassifier model, List<NDArray> parameters, NDArray x) {
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        boolean any = false;
        for (NDArray p : parameters) {
            NDArray g = TorchAutograd.gradientOrNull(p);
            if (g == null) {
                g = x.getManager().zeros(p.getShape(), p.getDataType());
            } else {
                any = true;
            }
            g.attach(x.getManager());
            gradients.add(g);
        }
        if (!any) {
            throw new IllegalStateException(
                    "Model " + model.name() + ": no parameter received a gradient from the training loss,"
                            + " so training cannot change the model (does its output depend on its parameters?)");
        }
        return gradients;
    }
}
