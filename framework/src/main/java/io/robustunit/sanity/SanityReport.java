package io.robustunit.sanity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The findings of one or more validity checks; an evaluation is trustworthy when there are none.
 *
 * @param findings in the order the checks ran
 */
public record SanityReport(List<SanityFinding> findings) {

    private static final SanityReport CLEAN = new SanityReport(List.of());

    public SanityReport {
        findings = List.copyOf(findings);
    }

    /** A report without findings. */
    public static SanityReport clean() {
        return CLEAN;
    }

    /** A report of the present findings. */
    @SafeVarargs
    public static SanityReport of(Optional<SanityFinding>... checks) {
        List<SanityFinding> found = new ArrayList<>();
        for (Optional<SanityFinding> check : checks) {
            check.ifPresent(found::add);
        }
        return new SanityReport(found);
    }

    /** Whether no check found anything. */
    public boolean isTrustworthy() {
        return findings.isEmpty();
    }

    /** This report's findings followed by {@code other}'s. */
    public SanityReport and(SanityReport other) {
        if (other.findings.isEmpty()) {
            return this;
        }
        List<SanityFinding> all = new ArrayList<>(findings);
        all.addAll(other.findings);
        return new SanityReport(all);
    }

    /** Whether a finding of this kind is present. */
    public boolean has(SanityFinding.Kind kind) {
        return findings.stream().anyMatch(f -> f.kind() == kind);
    }

    @Override
    public String toString() {
        return findings.isEmpty() ? "no validity problems" : findings.toString();
    }
}
