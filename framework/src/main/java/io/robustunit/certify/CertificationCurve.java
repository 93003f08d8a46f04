package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Certified accuracy against L2 radius, the standard plot of randomized smoothing.
 *
 * @param points ascending radii with the certified count at each
 * @param sampleCount samples certified
 * @param radiusBound the largest radius the settings' {@code n} can certify
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CertificationCurve(List<Point> points, int sampleCount, double radiusBound) {

    /**
     * One point of the curve.
     *
     * @param radius L2 radius
     * @param certified samples certified and correct at that radius
     * @param accuracy {@code certified / sampleCount}
     */
    public record Point(double radius, int certified, double accuracy) {}

    public CertificationCurve {
        points = List.copyOf(points);
    }

    /** A table, one line per radius. */
    public String toText() {
        StringBuilder sb = new StringBuilder("radius  certified accuracy\n");
        for (Point p : points) {
            sb.append(String.format(
                    Locale.ROOT, "%6.3f  %.3f (%d/%d)%n", p.radius(), p.accuracy(), p.certified(), sampleCount));
        }
        return sb.toString();
    }
}
