package io.robustunit.validity;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.attack.Attack;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Compares a white-box attack with a reference attack on the same samples. A white-box attack that
 * a simpler white-box attack (FGSM against PGD) or a black-box one (Square against PGD) clearly
 * beats is not exploring its threat model: its robust accuracy is an overestimate, typically
 * because of gradient masking or a misconfigured step size.
 *
 * <pre>{@code
 * Optional<Finding> problem = AttackChecks.defaults().compare(pgd, pgdReport, fgsm, fgsmReport);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class AttackChecks {

    private static final AttackChecks DEFAULTS = new AttackChecks(0.01, 0.05);

    private final double whiteBoxMargin;
    private final double blackBoxMargin;

    private AttackChecks(double whiteBoxMargin, double blackBoxMargin) {
        this.whiteBoxMargin = whiteBoxMargin;
        this.blackBoxMargin = blackBoxMargin;
    }

    /**
     * A white-box reference may beat the attack by at most 0.01 robust accuracy, a black-box one by
     * at most 0.05 ("clearly"), and by more than one sample in either case.
     */
    public static AttackChecks defaults() {
        return DEFAULTS;
    }

    /** Margins by which a white-box and a black-box reference may beat the attack. */
    public AttackChecks withMargins(double whiteBox, double blackBox) {
        return new AttackChecks(whiteBox, blackBox);
    }

    /**
     * Checks that {@code reference} does not clearly beat {@code attack}.
     *
     * @throws IllegalArgumentException if the two reports cover different samples
     */
    public Optional<Finding> compare(
            Attack attack, RobustnessReport report, Attack reference, RobustnessReport referenceReport) {
        if (!Arrays.equals(report.datasetIndices(), referenceReport.datasetIndices())) {
            throw new IllegalArgumentException("cannot compare " + report.attackDescription() + " with "
                    + referenceReport.attackDescription() + ": they ran on different samples");
        }
        if (!attack.needsGradients()) {
            return Optional.empty();
        }
        boolean blackBox = !reference.needsGradients();
        double margin = blackBox ? blackBoxMargin : whiteBoxMargin;
        double lead = report.robustAccuracy() - referenceReport.robustAccuracy();
        if (lead <= margin || report.robustCount() - referenceReport.robustCount() <= 1) {
            return Optional.empty();
        }
        List<Integer> missed = report.outcomes().stream()
                .filter(SampleOutcome::robust)
                .map(SampleOutcome::datasetIndex)
                .filter(i -> !referenceReport.outcome(i).robust())
                .toList();
        String examples = missed.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
                + (missed.size() > 10 ? ", ..." : "");
        return Optional.of(new Finding(
                blackBox ? Finding.Kind.BLACK_BOX_BEATS_WHITE_BOX : Finding.Kind.WEAKER_THAN_SIMPLER_ATTACK,
                String.format(
                        Locale.ENGLISH,
                        "%s beats the white-box %s on %,d %s images of %s: robust accuracy %.3f (%d/%d) under %s"
                                + " but %.3f (%d/%d) under %s; %s broke %d samples that %s left robust"
                                + " (dataset indices %s). %s",
                        reference.name(),
                        attack.name(),
                        report.sampleCount(),
                        report.datasetName(),
                        report.modelName(),
                        report.robustAccuracy(),
                        report.robustCount(),
                        report.sampleCount(),
                        report.attackDescription(),
                        referenceReport.robustAccuracy(),
                        referenceReport.robustCount(),
                        referenceReport.sampleCount(),
                        referenceReport.attackDescription(),
                        reference.name(),
                        missed.size(),
                        attack.name(),
                        examples,
                        blackBox
                                ? "A black-box attack sees less than a white-box one; winning clearly means"
                                        + " gradients mislead the white-box attack (gradient masking): trust"
                                        + " the black-box number or use BPDA/EOT."
                                : "A stronger attack of the same budget must not lose to a simpler one: it"
                                        + " is misconfigured (step size, steps) or its gradients are masked.")));
    }
}
