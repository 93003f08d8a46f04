package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.certify.CertificationReport;
import io.robustunit.certify.CertificationSettings;
import io.robustunit.gate.Measurement;
import java.util.Locale;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Certified accuracy at an L2 radius below the gate's threshold, with what decides it: the
 * smoothing settings, abstentions, and the largest radius {@code n} draws can certify.
 */
@API(status = INTERNAL, since = "0.1")
public class ShouldHaveCertifiedAccuracyAtLeast extends GateMessages {

    /**
     * {@code Expecting certified accuracy of M on N images at L2 radius 0.250 to be at least 0.600
     * but was 0.412 (412/1000; 95% CI ...) (randomized smoothing, Gaussian sigma=0.25, n0=100, n=1000,
     * alpha=0.001, seed=0): 95 abstained, 3 certified with a wrong class; n=1000 draws certify at most
     * L2 radius 0.772 ...}
     */
    public static ErrorMessageFactory shouldHaveCertifiedAccuracyAtLeast(
            GateSubject subject, CertificationReport report, double radius, Measurement certified, double threshold) {
        return new ShouldHaveCertifiedAccuracyAtLeast(
                "Expecting certified accuracy of %s on %s at L2 radius %s to be at least %s but was %s"
                        + " (%s): %s abstained, %s certified with a wrong class; %s",
                subject.model(),
                subject.population(),
                Formats.decimal(radius),
                Formats.decimal(threshold),
                Formats.measured(certified),
                subject.attack(),
                report.abstentionCount(),
                report.certifiedWrongCount(),
                radiusBoundNote(report.settings(), radius));
    }

    /**
     * The radius bound of the settings, and what to change when the gate's radius lies beyond it:
     * with every draw agreeing, {@code pA >= alpha^(1/n)}, so no radius exceeds
     * {@code sigma * PhiInverse(alpha^(1/n))}.
     */
    public static String radiusBoundNote(CertificationSettings s, double radius) {
        String note = String.format(
                Locale.ROOT,
                "n=%d draws certify at most L2 radius %.3f (sigma * PhiInverse(alpha^(1/n)), all draws agreeing)",
                s.n(),
                s.radiusBound());
        if (radius > s.radiusBound()) {
            int needed = s.drawsNeededFor(radius);
            note += String.format(
                    Locale.ROOT,
                    ", so no model can pass at radius %.3f: raise n to at least %s" + " or lower the radius",
                    radius,
                    needed == Integer.MAX_VALUE ? "(beyond int range)" : String.format(Locale.ROOT, "%,d", needed));
        }
        return note;
    }

    private ShouldHaveCertifiedAccuracyAtLeast(String format, Object... arguments) {
        super(format, arguments);
    }
}
