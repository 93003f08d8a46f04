package io.robustunit.cli;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A subcommand of {@code robustunit}, found by {@link #name()} in a {@link CommandRegistry}.
 *
 * <pre>{@code
 * CommandRegistry registry = CommandRegistry.defaults().with(new TradesCommand());
 * int exit = RobustUnitCli.run(args, CommandIo.system(), registry);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public interface Command {

    /** The word that selects the command, e.g. {@code evaluate}. */
    String name();

    /** One line for the list of commands. */
    String summary();

    /** Full help, printed for {@code robustunit NAME --help}. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param io where to print; results go to {@code out}, progress and diagnostics to {@code err}
     * @return the process exit code, 0 for success
     * @throws UsageException for invalid arguments (exit code 2, with a pointer to the help)
     * @throws Exception for any other failure (exit code 1, the message is printed)
     */
    int run(List<String> args, CommandIo io) throws Exception;
}
