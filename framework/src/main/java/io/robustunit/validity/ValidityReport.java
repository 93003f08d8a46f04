package io.robustunit.validity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The findings of one or more validity checks; an evaluation is valid when there are none.
 *
 * @param findings in the order the checks ran
 */
public record ValidityReport(List<Finding> findings) {

    private static final ValidityReport CLEAN = new ValidityReport(List.of());

    public ValidityReport {
        findings = List.copyOf(findings);
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

    /** Whether no check found anything. */
    public boolean isValid() {
        return findings.isEmpty();
    }

    /** This report's findings followed by {@code other}'s. */
    public ValidityReport and(ValidityReport other) {
        if (other.findings.isEmpty()) {
            return this;
        }
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(other.findings);
        return new ValidityReport(all);
    }

    /** Whether a finding of this kind is present. */
    public boolean has(Finding.Kind kind) {
        return findings.stream().anyMatch(f -> f.kind() == kind);
    }

    @Override
    public String toString() {
        return findings.isEmpty() ? "no validity problems" : findings.toString();
    }
}
