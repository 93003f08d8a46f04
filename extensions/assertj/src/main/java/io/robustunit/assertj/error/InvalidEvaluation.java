package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.validity.ValidityReport;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The message of an evaluation that cannot be trusted, whatever its number: the gate is neither
 * passed nor failed, and every finding is listed with its explanation.
 */
@API(status = INTERNAL, since = "0.1")
public class InvalidEvaluation extends GateMessages {

    /**
     * {@code Invalid robustness evaluation (neither pass nor fail) of M under A on N images: the gate
     * "robust accuracy at least 0.700" was not decided because the evaluation cannot be trusted:
     * - zero input gradients (gradient masking): ...}
     */
    public static ErrorMessageFactory invalidEvaluation(GateSubject subject, String gate, ValidityReport findings) {
        String list = findings.findings().stream()
                        .map(f -> "- " + f.kind().summary() + ": " + f.message())
                        .collect(Collectors.joining(System.lineSeparator()))
                + System.lineSeparator() + "(to accept a finding deliberately, silence its kind with a reason: "
                + findings.findings().stream()
                        .map(f -> f.kind().name())
                        .distinct()
                        .collect(Collectors.joining(", "))
                + ")";
        return new InvalidEvaluation(
                "Invalid robustness evaluation (neither pass nor fail) of %s under %s on %s: the gate \"%s\" was"
                        + " not decided because the evaluation cannot be trusted:%n%s",
                subject.model(), subject.attack(), subject.population(), gate, list);
    }

    private InvalidEvaluation(String format, Object... arguments) {
        super(format, arguments);
    }
}
