package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import org.apiguardian.api.API;

/**
 * One full step along the cross-entropy gradient: FGSM for Linf (Goodfellow et al., ICLR 2015),
 * {@code x + eps * sign(g)}, and FGM for L2, {@code x + eps * g / ||g||_2}, projected onto the input
 * range. Deterministic. Exact for a two-class affine model when the range does not bind.
 *
 * <pre>{@code
 * Attack fgsm = Attacks.fgsm(ThreatModel.linf(0.1));   // FGSM(Linf eps=0.100)
 * Attack fgm = Attacks.fgm(ThreatModel.l2(1.0));       // FGM(L2 eps=1.000)
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class FastGradient extends BatchAttack {

    FastGradient(ThreatModel threatModel, long seed) {
        super(AttackInputs.supported("FGSM/FGM", threatModel, Norm.LINF, Norm.L2), seed);
    }

    static FastGradient fgsm(ThreatModel threatModel) {
        return new FastGradient(AttackInputs.supported("FGSM", threatModel, Norm.LINF), 0L);
    }

    static FastGradient fgm(ThreatModel threatModel) {
        return new FastGradient(AttackInputs.supported("FGM (use Attacks.fgsm for Linf)", threatModel, Norm.L2), 0L);
    }

    /** {@code FGSM} for Linf, {@code FGM} for L2. */
    @Override
    public String name() {
        return threatModel().norm() == Norm.LINF ? "FGSM" : "FGM";
    }

    @Override
    public FastGradient withThreatModel(ThreatModel newThreatModel) {
        return new FastGradient(newThreatModel, seed());
    }

    /** The seed has no effect on this deterministic attack; kept for the {@link Attack} contract. */
    @Override
    public FastGradient withSeed(long newSeed) {
        return new FastGradient(threatModel(), newSeed);
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    void run(AttackRun run) {
        ThreatModel tm = threatModel();
        StrongestIterates iterates = run.iterates();
        int[] rows = run.allRows();
        try (NDManager temp = run.scope().newSubManager()) {
            ActiveSamples active = ActiveSamples.of(temp, run.original(), iterates, rows, null);
            NDArray x = active.original();
            InputGradient g = run.gradient(x, active, Loss.CROSS_ENTROPY);
            iterates.offer(rows, x, g.logits().toFloatArray(), true);
            NDArray step = tm.norm().steepestAscent(g.gradient()).mul((float) tm.epsilon());
            NDArray adversarial = tm.project(x.add(step), x);
            iterates.offer(rows, adversarial, run.model().logits(adversarial).toFloatArray(), false);
        }
    }

    @Override
    public String toString() {
        return name() + "(" + threatModel() + ")";
    }
}
