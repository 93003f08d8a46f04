package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.RobustnessReport;
import io.robustunit.gate.RepairCommand;
import java.util.Optional;
import org.apiguardian.api.API;
import org.assertj.core.description.Description;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.Representation;

/**
 * A failed gate's message followed by the exact command that repairs the model against the gate's
 * threat model ({@link RepairCommand}).
 */
@API(status = INTERNAL, since = "0.1")
public final class WithRepairCommand implements ErrorMessageFactory {

    private final ErrorMessageFactory failure;
    private final String line;

    private WithRepairCommand(ErrorMessageFactory failure, String line) {
        this.failure = failure;
        this.line = line;
    }

    /** {@code failure}, ending with the repair command for {@code report} (if it has a threat model). */
    public static ErrorMessageFactory of(ErrorMessageFactory failure, RobustnessReport report) {
        Optional<String> line = RepairCommand.line(report);
        return line.isEmpty() ? failure : new WithRepairCommand(failure, line.get());
    }

    @Override
    public String create() {
        return failure.create().stripTrailing() + "\n" + line;
    }

    @Override
    public String create(Description d) {
        return failure.create(d).stripTrailing() + "\n" + line;
    }

    @Override
    public String create(Description d, Representation representation) {
        return failure.create(d, representation).stripTrailing() + "\n" + line;
    }
}
