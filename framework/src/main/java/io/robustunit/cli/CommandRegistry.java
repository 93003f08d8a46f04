package io.robustunit.cli;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The subcommands of {@code robustunit}, by name, in registration order. Immutable: {@link #with}
 * returns a new registry.
 */
@API(status = INTERNAL, since = "0.1")
public final class CommandRegistry {

    private final Map<String, Command> commands;

    private CommandRegistry(Map<String, Command> commands) {
        this.commands = Collections.unmodifiableMap(commands);
    }

    /** A registry of the given commands. */
    public static CommandRegistry of(Command... commands) {
        CommandRegistry registry = new CommandRegistry(new LinkedHashMap<>());
        for (Command c : commands) {
            registry = registry.with(c);
        }
        return registry;
    }

    /** The commands RobustUnit ships: {@code evaluate}, {@code check}, {@code merge}, {@code trades} and {@code certify}. */
    public static CommandRegistry defaults() {
        return of(
                new EvaluateCommand(),
                new CheckCommand(),
                new MergeCommand(),
                new TradesCommand(),
                new CertifyCommand());
    }

    /**
     * This registry plus {@code command}.
     *
     * @throws IllegalArgumentException if the name is taken or not a lower-case word
     */
    public CommandRegistry with(Command command) {
        String name = command.name();
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(
                    "command name must be a lower-case word (a-z, 0-9, -), was '" + name + "'");
        }
        if (commands.containsKey(name)) {
            throw new IllegalArgumentException("a command named '" + name + "' is already registered");
        }
        Map<String, Command> copy = new LinkedHashMap<>(commands);
        copy.put(name, command);
        return new CommandRegistry(copy);
    }

    /** The command called {@code name}, if any. */
    public Optional<Command> find(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /** The registered commands, in registration order. */
    public List<Command> commands() {
        return new ArrayList<>(commands.values());
    }
}
