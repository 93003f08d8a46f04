package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import org.apiguardian.api.API;

/**
 * Entry points for building attacks. Every attack is immutable: each setter returns a new attack.
 *
 * <pre>{@code
 * ThreatModel tm = ThreatModel.linf(0.1);
 * Attack pgd = Attacks.pgd(tm).steps(20).stepSize(0.01).randomStart(true).seed(7);
 * Attack fgsm = Attacks.fgsm(tm);
 * Attack apgd = Attacks.apgdCe(tm);
 * Attack apgdT = Attacks.apgdDlr(tm).targetClasses(9);
 * Attack square = Attacks.square(tm).queries(1000);
 * Attack aa = Attacks.autoAttack(tm);
 * Attack shipped = Attacks.transfer(pgd, torchScriptTwin);   // for an ONNX model
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class Attacks {

    private Attacks() {}

    /** PGD: 20 steps, step size {@code 2.5 * eps / steps}, no random start, one restart, seed 0. */
    public static Pgd pgd(ThreatModel threatModel) {
        return Pgd.of(threatModel);
    }

    /** FGSM, one signed gradient step of size epsilon (Linf threat models only). */
    public static FastGradient fgsm(ThreatModel threatModel) {
        return FastGradient.fgsm(threatModel);
    }

    /** FGM, one normalised gradient step of length epsilon (L2 threat models only). */
    public static FastGradient fgm(ThreatModel threatModel) {
        return FastGradient.fgm(threatModel);
    }

    /** APGD on the cross-entropy: 100 iterations, one restart, seed 0. */
    public static Apgd apgdCe(ThreatModel threatModel) {
        return Apgd.crossEntropy(threatModel);
    }

    /** Targeted APGD on the DLR loss (AutoAttack's APGD-T): 100 iterations, top-9 targets. */
    public static Apgd apgdDlr(ThreatModel threatModel) {
        return Apgd.targetedDlr(threatModel);
    }

    /** The Square attack (Linf only): 1,000 queries, {@code p_init = 0.8}, seed 0. */
    public static Square square(ThreatModel threatModel) {
        return Square.of(threatModel);
    }

    /** The standard AutoAttack-style ensemble: APGD-CE, APGD-T and (Linf) Square. */
    public static AutoAttackEnsemble autoAttack(ThreatModel threatModel) {
        return AutoAttackEnsemble.standard(threatModel);
    }

    /**
     * No attack: the clean images scored as they are (robust accuracy equals clean accuracy), for
     * gates on clean accuracy alone. The threat model only states the input range (epsilon 0).
     */
    public static Attack none(ThreatModel threatModel) {
        return new NoAttack(threatModel.withEpsilon(0));
    }

    /**
     * A transfer attack: crafts the examples with {@code source} on {@code sourceModel} (a
     * differentiable twin of the model under test, e.g. the TorchScript export of the network whose
     * ONNX export is tested) and scores them on the model under test. The caller keeps ownership
     * of {@code sourceModel} and closes it after the evaluation.
     */
    public static Transfer transfer(Attack source, Classifier sourceModel) {
        return Transfer.of(source, sourceModel);
    }

    /**
     * Checks that {@code attack} can run on {@code model}: a gradient attack needs a model with
     * input gradients.
     *
     * @throws IllegalArgumentException naming the attack, the model and the alternatives (Square,
     *     or a transfer attack from a TorchScript twin)
     */
    public static void checkApplicable(Attack attack, Classifier model) {
        if (attack.needsGradients() && !model.hasInputGradients()) {
            throw new IllegalArgumentException(noGradients(attack.name(), model));
        }
    }

    /** The message for a gradient attack on a model without input gradients. */
    public static String noGradients(String attackName, Classifier model) {
        return attackName + " needs input gradients, but model " + model.name() + " runs on "
                + model.runtime() + ", which computes forward passes only. Attack it with the"
                + " black-box Square attack (Attacks.square(threatModel); command line: --attack"
                + " square), or with a transfer attack that crafts the examples on a TorchScript"
                + " twin of the same network and scores them on this model"
                + " (Attacks.transfer(attack, Classifiers.torchScript(twin, contract)); command"
                + " line: --transfer-from twin.pt).";
    }
}
