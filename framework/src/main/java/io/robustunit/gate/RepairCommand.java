package io.robustunit.gate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.eval.RobustnessReport;
import io.robustunit.io.Provenance;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The command that repairs a model which failed a robustness gate: TRADES fine-tuning against the
 * gate's threat model, started by {@code robustunit-maven-plugin}'s {@code repair} goal with the
 * gate's model file and data, e.g.
 *
 * <pre>
 * mvn robustunit:repair -Drobustunit.model=src/test/resources/models/natural.pt \
 *     -Drobustunit.data=src/test/resources/fashion-mnist-1000 -Drobustunit.norm=linf -Drobustunit.eps=0.1
 * </pre>
 *
 * <p>Model and data are found by the names the report carries ({@link Provenance}); a model read from
 * {@code target/test-classes} is named by its source under {@code src/test/resources}, and paths
 * under the working directory (the project, under surefire) are written relative to it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RepairCommand {

    /** The system properties of the repair goal, as the command spells them. */
    public static final String MODEL = "robustunit.model";

    public static final String DATA = "robustunit.data";
    public static final String NORM = "robustunit.norm";
    public static final String EPS = "robustunit.eps";

    private RepairCommand() {}

    /**
     * The repair command for the model, data and threat model of {@code report}; empty if the
     * threat model has no radius (nothing to train against).
     */
    public static Optional<String> of(RobustnessReport report) {
        if (report == null || report.threatModel() == null || !(report.epsilon() > 0)) {
            return Optional.empty();
        }
        String model = Provenance.modelFile(report.modelName())
                .map(RepairCommand::shown)
                .orElse(report.modelName());
        Optional<String> data = Provenance.dataLocation(report.datasetName()).map(RepairCommand::shown);
        return Optional.of(of(model, data.orElse(null), report.threatModel()));
    }

    /** The repair command for a model file, a data location (null: the goal's default) and a threat model. */
    public static String of(String model, String data, ThreatModel threat) {
        StringBuilder b = new StringBuilder("mvn robustunit:repair");
        b.append(" -D").append(MODEL).append('=').append(quoted(model));
        if (data != null) {
            b.append(" -D").append(DATA).append('=').append(quoted(data));
        }
        b.append(" -D").append(NORM).append('=').append(threat.norm().name().toLowerCase(Locale.ROOT));
        b.append(" -D").append(EPS).append('=').append(number(threat.epsilon()));
        return b.toString();
    }

    /** The line failure messages end with: {@code To repair: mvn robustunit:repair ...}. */
    public static Optional<String> line(RobustnessReport report) {
        return of(report).map(c -> "To repair (TRADES fine-tuning against this threat model): " + c);
    }

    static String number(double value) {
        String s = String.format(Locale.ROOT, "%.6f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    private static String shown(Path location) {
        Path p = source(location.toAbsolutePath().normalize());
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return (p.startsWith(cwd) && !p.equals(cwd) ? cwd.relativize(p) : p).toString();
    }

    /** {@code target/test-classes/x} (or {@code classes}) becomes its source, if that exists. */
    private static Path source(Path p) {
        String s = p.toString();
        for (String[] pair : new String[][] {
            {"/target/test-classes/", "/src/test/resources/"}, {"/target/classes/", "/src/main/resources/"}
        }) {
            int i = s.lastIndexOf(pair[0]);
            if (i >= 0) {
                Path candidate = Path.of(s.substring(0, i) + pair[1] + s.substring(i + pair[0].length()));
                if (Files.exists(candidate)) {
                    return candidate;
                }
            }
        }
        return p;
    }

    private static String quoted(String text) {
        return text.matches("[A-Za-z0-9_./:@%+=,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
