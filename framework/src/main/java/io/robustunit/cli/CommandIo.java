package io.robustunit.cli;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.PrintStream;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The streams a {@link Command} prints to.
 *
 * @param out results (the summary)
 * @param err progress and diagnostics
 * @param errIsTerminal whether {@code err} is an interactive terminal (progress redraws in place)
 */
@API(status = INTERNAL, since = "0.1")
public record CommandIo(PrintStream out, PrintStream err, boolean errIsTerminal) {

    /** System property set by the {@code robustunit} launcher: whether stderr is a terminal. */
    public static final String STDERR_TTY_PROPERTY = "robustunit.stderr.tty";

    public CommandIo {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /**
     * {@code System.out} and {@code System.err}; stderr counts as a terminal when the launcher says
     * so ({@value #STDERR_TTY_PROPERTY}), else when the JVM has a console.
     */
    public static CommandIo system() {
        String tty = System.getProperty(STDERR_TTY_PROPERTY);
        boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
        return new CommandIo(System.out, System.err, terminal);
    }
}
