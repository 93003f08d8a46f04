package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Something that makes a certification report invalid: a certificate that its own counts do not
 * support, a radius beyond what {@code n} draws allow, more certified samples than the smoothed
 * classifier gets right. A gate treats any finding as an invalid evaluation, never as a pass.
 *
 * @param datasetIndex the sample concerned, or -1 for the report as a whole
 * @param kind what is wrong
 * @param detail a readable explanation
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CertificationFinding(int datasetIndex, Kind kind, String detail) {

    /** The consistency checks of a certification report. */
    public enum Kind {
        /** A radius above {@code sigma * PhiInverse(alpha^(1/n))}, which {@code n} draws cannot certify. */
        RADIUS_ABOVE_BOUND,
        /** A certificate whose pA, radius or abstention does not follow from its counts. */
        INCONSISTENT_CERTIFICATE,
        /** Certified accuracy at radius 0 above the smoothed classifier's clean accuracy. */
        CERTIFIED_ABOVE_CLEAN
    }

    public CertificationFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return (datasetIndex < 0 ? "report" : "sample " + datasetIndex) + ": " + kind + " (" + detail + ")";
    }
}
