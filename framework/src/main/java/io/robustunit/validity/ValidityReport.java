package io.robustunit.validity;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The findings of one or more validity checks; an evaluation is valid when there are none. Findings
 * of a kind the user silenced deliberately are kept apart, with the reason, so that reports can
 * show what was not checked and why.
 *
 * @param findings in the order the checks ran
 * @param silenced findings that a deliberate {@link ValidityChecks#silence} set aside
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ValidityReport(List<Finding> findings, List<Silenced> silenced) {

    private static final ValidityReport CLEAN = new ValidityReport(List.of());

    /**
     * A finding set aside on purpose.
     *
     * @param finding what the check found
     * @param reason why the user accepts it, as recorded in reports
     */
    public record Silenced(Finding finding, String reason) {
        public Silenced {
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return finding.kind().name() + " silenced (" + reason + "): " + finding.message();
        }
    }

    public ValidityReport {
        findings = List.copyOf(findings);
        silenced = List.copyOf(silenced);
    }

    /** A report of these findings, none silenced. */
    public ValidityReport(List<Finding> findings) {
        this(findings, List.of());
    }

    /** A report without findings. */
    public static ValidityReport clean() {
        return CLEAN;
    }

    /** A report of the present findings. */
    @SafeVarargs
    public static ValidityReport of(Optional<Finding>... checks) {
        List<Finding> found = new ArrayList<>();
        for (Optional<Finding> check : checks) {
            check.ifPresent(found::add);
        }
        return new ValidityReport(found);
    }

    /** Whether no check found anything (silenced findings do not count). */
    public boolean isValid() {
        return findings.isEmpty();
    }

    /** This report's findings followed by those of {@code other} not already present. */
    public ValidityReport and(ValidityReport other) {
        if (other.findings.isEmpty() && other.silenced.isEmpty()) {
            return this;
        }
        if (findings.isEmpty() && silenced.isEmpty()) {
            return other;
        }
        List<Finding> all = new ArrayList<>(findings);
        other.findings.stream().filter(f -> !all.contains(f)).forEach(all::add);
        List<Silenced> quiet = new ArrayList<>(silenced);
        other.silenced.stream().filter(s -> !quiet.contains(s)).forEach(quiet::add);
        return new ValidityReport(all, quiet);
    }

    /** Whether a finding of this kind is present (silenced ones do not count). */
    public boolean has(Finding.Kind kind) {
        return findings.stream().anyMatch(f -> f.kind() == kind);
    }

    /** One line per silenced finding, e.g. for the message of a passing gate; empty if none. */
    public String silencedSummary() {
        return silenced.stream()
                .map(s -> "validity check silenced: " + s.finding().kind().summary() + " (reason: " + s.reason() + ")")
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return findings.isEmpty() ? "no validity problems" : findings.toString();
    }
}
