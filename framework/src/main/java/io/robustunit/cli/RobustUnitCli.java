package io.robustunit.cli;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code robustunit} command line. {@code robustunit COMMAND [options]}; {@code robustunit
 * --help} lists the commands and {@code robustunit COMMAND --help} their options.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 invalid arguments, 3 invalid evaluation (a validity check
 * found a reason not to trust the numbers: neither pass nor fail).
 */
@API(status = STABLE, since = "0.1")
public final class RobustUnitCli {

    /** Exit code for success. */
    public static final int OK = 0;
    /** Exit code when a command fails. */
    public static final int FAILED = 1;
    /** Exit code for invalid arguments. */
    public static final int USAGE = 2;
    /** Exit code when the evaluation is invalid: a validity check found a reason not to trust it. */
    public static final int INVALID = 3;

    /** Set (to anything) to print stack traces of failures. */
    public static final String DEBUG_ENV = "ROBUSTUNIT_DEBUG";

    private RobustUnitCli() {}

    public static void main(String[] args) {
        System.exit(run(args, CommandIo.system(), CommandRegistry.defaults()));
    }

    /** Runs one command line and returns the exit code; never calls {@code System.exit}. */
    public static int run(String[] args, CommandIo io, CommandRegistry registry) {
        if (args.length == 0) {
            io.err().print(usage(registry));
            return USAGE;
        }
        String first = args[0];
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            if (args.length > 1 && first.equals("help")) {
                Optional<Command> command = registry.find(args[1]);
                if (command.isEmpty()) {
                    return unknownCommand(args[1], io, registry);
                }
                io.out().print(command.get().usage());
                return OK;
            }
            io.out().print(usage(registry));
            return OK;
        }
        Optional<Command> command = registry.find(first);
        if (command.isEmpty()) {
            return unknownCommand(first, io, registry);
        }
        String prefix = "robustunit " + first + ": ";
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return command.get().run(rest, io);
        } catch (UsageException e) {
            io.err().println(prefix + e.getMessage());
            io.err().println("Run 'robustunit " + first + " --help' for the options.");
            return USAGE;
        } catch (Exception | LinkageError e) {
            io.err().println(prefix + "error: " + describe(e));
            if (System.getenv(DEBUG_ENV) != null) {
                e.printStackTrace(io.err());
            } else {
                io.err().println("(set " + DEBUG_ENV + "=1 for the stack trace)");
            }
            return FAILED;
        }
    }

    /** The message of a failure and of its causes, without repeats. */
    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (s.indexOf(message) < 0) {
                s.append(s.length() == 0 ? "" : "; caused by: ").append(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return s.toString();
    }

    private static int unknownCommand(String name, CommandIo io, CommandRegistry registry) {
        List<String> names = registry.commands().stream().map(Command::name).toList();
        String hint = names.stream()
                .filter(n -> Options.editDistance(n, name) <= 2)
                .findFirst()
                .map(n -> " Did you mean '" + n + "'?")
                .orElse("");
        io.err()
                .println("robustunit: unknown command '" + name + "'." + hint + " Commands: " + String.join(", ", names)
                        + ". Run 'robustunit --help'.");
        return USAGE;
    }

    /** The list of commands, laid out by picocli from a command spec with one subcommand per registered command. */
    static String usage(CommandRegistry registry) {
        CommandLine root = new CommandLine(CommandSpec.create().name("robustunit"));
        for (Command c : registry.commands()) {
            CommandSpec sub = CommandSpec.create().name(c.name());
            sub.usageMessage().description(c.summary());
            root.addSubcommand(c.name(), new CommandLine(sub));
        }
        root.getCommandSpec().usageMessage().width(110);
        return "Usage: robustunit COMMAND [options]   (robustunit COMMAND --help for its options)\n\n" + "Commands:\n"
                + new CommandLine.Help(root.getCommandSpec()).commandList();
    }
}
