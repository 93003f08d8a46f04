package io.robustunit.attack;

import static org.apiguardian.api.API.Status.STABLE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.robustunit.model.Classifier;
import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * An AutoAttack-style ensemble (Croce &amp; Hein, ICML 2020): attacks run in order, each on the
 * samples that survived all previous ones, so a sample counts as robust only if it survives every
 * member. {@link AttackResult#brokenBy()} names the member that broke each sample; a surviving
 * sample's returned point is the last member's strongest one.
 *
 * <p>The standard list is APGD-CE, APGD-T (DLR, top-9 targets) and, for Linf, Square with 1,000
 * queries (AutoAttack's published "standard" version uses 5,000; AutoAttack's FAB-T is not
 * included). Both APGD members stop attacking a sample once it is broken (this changes the work,
 * not the result).
 *
 * <pre>{@code
 * Attack aa = Attacks.autoAttack(ThreatModel.linf(0.1));
 * Attack custom = Attacks.autoAttack(tm).members(Attacks.apgdCe(tm), Attacks.square(tm).queries(5000));
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class AutoAttackEnsemble implements Attack {

    private final ThreatModel threatModel;
    private final List<Attack> members;
    private final long seed;

    private AutoAttackEnsemble(ThreatModel threatModel, List<Attack> members, long seed) {
        if (threatModel == null) {
            throw new IllegalArgumentException("AutoAttack: threatModel must not be null");
        }
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("AutoAttack: members must list at least one attack");
        }
        for (int i = 0; i < members.size(); i++) {
            Attack member = members.get(i);
            if (member == null) {
                throw new IllegalArgumentException("AutoAttack: member " + i + " is null");
            }
            if (!member.threatModel().equals(threatModel)) {
                throw new IllegalArgumentException("AutoAttack: member " + member + " attacks " + member.threatModel()
                        + " but the ensemble's threat model is " + threatModel
                        + "; build every member with the same ThreatModel");
            }
        }
        this.threatModel = threatModel;
        this.members = List.copyOf(members);
        this.seed = seed;
    }

    /** The standard members for {@code threatModel}, all with seed 0. */
    static AutoAttackEnsemble standard(ThreatModel threatModel) {
        if (threatModel == null) {
            throw new IllegalArgumentException("AutoAttack: threatModel must not be null");
        }
        List<Attack> members = new ArrayList<>();
        members.add(Apgd.crossEntropy(threatModel).earlyExit(true));
        members.add(Apgd.targetedDlr(threatModel).earlyExit(true));
        if (threatModel.norm() == Norm.LINF) {
            members.add(Square.of(threatModel));
        }
        return new AutoAttackEnsemble(threatModel, members, 0L);
    }

    /** The same ensemble with other members, run in the given order. */
    public AutoAttackEnsemble members(Attack... newMembers) {
        return new AutoAttackEnsemble(threatModel, List.of(newMembers), seed);
    }

    /** The members, in the order they run. */
    public List<Attack> members() {
        return members;
    }

    /** The same ensemble with every member reseeded. */
    public AutoAttackEnsemble seed(long newSeed) {
        List<Attack> reseeded = new ArrayList<>();
        for (Attack member : members) {
            reseeded.add(member.withSeed(newSeed));
        }
        return new AutoAttackEnsemble(threatModel, reseeded, newSeed);
    }

    @Override
    public AutoAttackEnsemble withSeed(long newSeed) {
        return seed(newSeed);
    }

    @Override
    public AutoAttackEnsemble withThreatModel(ThreatModel newThreatModel) {
        List<Attack> moved = new ArrayList<>();
        for (Attack member : members) {
            moved.add(member.withThreatModel(newThreatModel));
        }
        return new AutoAttackEnsemble(newThreatModel, moved, seed);
    }

    @Override
    public String name() {
        return "AutoAttack";
    }

    @Override
    public ThreatModel threatModel() {
        return threatModel;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public boolean needsGradients() {
        return members.stream().anyMatch(Attack::needsGradients);
    }

    @Override
    public AttackResult perturb(Classifier model, NDArray inputs, NDArray labels, int[] datasetIndices) {
        int[] y = AttackInputs.labels(this, model, inputs, labels);
        DatasetIndices.check(this, y.length, datasetIndices);
        NDManager caller = inputs.getManager();
        String[] brokenBy = new String[y.length];
        try (NDManager scope = caller.newSubManager()) {
            NDArray adversarial = ActiveSamples.copy(inputs, scope);
            NDArray labelsCopy = ActiveSamples.copy(labels, scope);
            int[] rows = new int[y.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            for (Attack member : members) {
                if (rows.length == 0) {
                    break;
                }
                try (NDManager memberScope = scope.newSubManager()) {
                    NDArray original = ActiveSamples.select(inputs, rows, memberScope);
                    NDArray memberLabels = ActiveSamples.select(labelsCopy, rows, memberScope);
                    AttackResult result =
                            member.perturb(model, original, memberLabels, DatasetIndices.select(datasetIndices, rows));
                    String[] by = result.brokenBy();
                    long[] index = new long[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        index[i] = rows[i];
                        brokenBy[rows[i]] = by[i];
                    }
                    adversarial.set(new NDIndex("{}", memberScope.create(index)), result.adversarial());
                }
                rows = unbroken(brokenBy);
            }
            adversarial.attach(caller);
            return new AttackResult(adversarial, brokenBy);
        }
    }

    private static int[] unbroken(String[] brokenBy) {
        return java.util.stream.IntStream.range(0, brokenBy.length)
                .filter(i -> brokenBy[i] == null)
                .toArray();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("AutoAttack(").append(threatModel).append(": ");
        for (int i = 0; i < members.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(members.get(i));
        }
        return s.append(")").toString();
    }
}
