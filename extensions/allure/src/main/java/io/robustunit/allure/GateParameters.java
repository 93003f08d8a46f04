package io.robustunit.allure;

import io.qameta.allure.model.Parameter;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.GateOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The parameters of a gate's step: what was measured, on what, with which attack. */
final class GateParameters {

    private GateParameters() {}

    static List<Parameter> of(GateOutcome o) {
        List<Parameter> p = new ArrayList<>();
        o.modelName().ifPresent(v -> add(p, "model", v));
        o.modelSha256().ifPresent(v -> add(p, "model sha256", v));
        RobustnessReport source = o.report()
                .orElseGet(() -> o.curve().map(c -> c.reports().get(0)).orElse(null));
        if (source != null) {
            add(p, "dataset", source.datasetName());
            add(p, "samples", String.valueOf(source.sampleCount()));
        }
        o.certification().ifPresent(c -> {
            add(p, "dataset", c.datasetName());
            add(p, "samples", String.valueOf(c.sampleCount()));
            add(p, "abstained", String.valueOf(c.abstentionCount()));
            add(p, "radius bound of n", String.format(Locale.ROOT, "%.4f", c.radiusBound()));
            add(p, "seed", String.valueOf(c.settings().seed()));
        });
        o.attackDescription().ifPresent(v -> add(p, "attack", v));
        String sweep = o.curve()
                .map(c -> c.reports().get(0).norm() + " eps "
                        + Arrays.stream(c.epsilons())
                                .mapToObj(e -> String.format(Locale.ROOT, "%.3f", e))
                                .collect(Collectors.joining(", ")))
                .orElse(null);
        if (o.report().isPresent()) {
            add(p, "threat model", o.report().get().threatModel().toString());
            if (sweep != null) {
                add(p, "sweep", sweep);
            }
        } else if (sweep != null) {
            add(p, "threat model", sweep);
        }
        if (source != null) {
            add(p, "seed", String.valueOf(source.seed()));
        }
        add(p, "measured", o.measuredText());
        add(p, "threshold", o.thresholdText());
        o.confidenceInterval().ifPresent(ci -> add(p, "confidence interval", ci.toString()));
        return p;
    }

    private static void add(List<Parameter> parameters, String name, String value) {
        parameters.add(new Parameter().setName(name).setValue(value));
    }
}
