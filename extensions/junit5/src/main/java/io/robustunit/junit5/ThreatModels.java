package io.robustunit.junit5;

import io.robustunit.threat.Norm;
import io.robustunit.threat.ThreatModel;

/** Threat models from annotation values, where a NaN range means "the model's". */
final class ThreatModels {

    private ThreatModels() {}

    static ThreatModel of(Norm norm, double eps, float min, float max) {
        ThreatModel tm = ThreatModel.of(norm, eps);
        if (Float.isNaN(min) && Float.isNaN(max)) {
            return tm;
        }
        if (Float.isNaN(min) || Float.isNaN(max)) {
            throw new IllegalArgumentException("give both min and max of the input range, or neither (then the"
                    + " model's range applies), was min " + min + ", max " + max);
        }
        return tm.withInputRange(min, max);
    }
}
