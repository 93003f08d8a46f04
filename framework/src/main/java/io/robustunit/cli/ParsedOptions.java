package io.robustunit.cli;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.DoublePredicate;
import org.apiguardian.api.API;

/**
 * Parsed options with typed, range-checked getters; every error is a {@link UsageException} that
 * names the option, the bad value and the valid range.
 */
@API(status = INTERNAL, since = "0.1")
public final class ParsedOptions {

    private final String command;
    private final Map<String, Options.Option> declared;
    private final Map<String, String> values;
    private final boolean helpRequested;

    ParsedOptions(
            String command, Map<String, Options.Option> declared, Map<String, String> values, boolean helpRequested) {
        this.command = command;
        this.declared = declared;
        this.values = values;
        this.helpRequested = helpRequested;
    }

    /** Whether {@code --help} or {@code -h} was given. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /** Whether the option was given. */
    public boolean has(String name) {
        return values.containsKey(declaredName(name));
    }

    /** Whether a flag was given. */
    public boolean flag(String name) {
        return has(name);
    }

    /** The option's value, if given. */
    public Optional<String> string(String name) {
        return Optional.ofNullable(values.get(declaredName(name)));
    }

    /**
     * The option's value.
     *
     * @throws UsageException if it was not given
     */
    public String requiredString(String name) {
        return string(name).orElseThrow(() -> missing(name));
    }

    /** The value, which must be one of {@code choices} (case-insensitive); returned in lower case. */
    public Optional<String> choice(String name, List<String> choices) {
        return string(name).map(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!choices.contains(lower)) {
                throw new UsageException(
                        "option --" + name + ": '" + v + "' is not one of " + String.join(", ", choices));
            }
            return lower;
        });
    }

    /** An integer in {@code [min, max]}, if given. */
    public OptionalInt integer(String name, int min, int max) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        String range = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer in [" + min + ", " + max + "]";
        long v;
        try {
            v = Long.parseLong(text.get().trim());
        } catch (NumberFormatException e) {
            throw invalid(name, text.get(), range);
        }
        if (v < min || v > max) {
            throw invalid(name, text.get(), range);
        }
        return OptionalInt.of((int) v);
    }

    /** A 64-bit integer, if given. */
    public OptionalLong longInteger(String name) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.get().trim()));
        } catch (NumberFormatException e) {
            throw invalid(name, text.get(), "a whole number (64-bit)");
        }
    }

    /**
     * A finite number accepted by {@code valid}, if given.
     *
     * @param validRange how the valid values read in an error message, e.g. {@code "a number > 0"}
     */
    public OptionalDouble decimal(String name, DoublePredicate valid, String validRange) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return OptionalDouble.empty();
        }
        double v;
        try {
            v = Double.parseDouble(text.get().trim());
        } catch (NumberFormatException e) {
            throw invalid(name, text.get(), validRange);
        }
        if (!Double.isFinite(v) || !valid.test(v)) {
            throw invalid(name, text.get(), validRange);
        }
        return OptionalDouble.of(v);
    }

    /** A usage error about a missing required option. */
    public UsageException missing(String name) {
        Options.Option option = declared.get(declaredName(name));
        return new UsageException("missing required option " + option.synopsis() + " (" + option.description() + ")");
    }

    private static UsageException invalid(String name, String value, String range) {
        return new UsageException("option --" + name + ": '" + value + "' is not valid; expected " + range);
    }

    private String declaredName(String name) {
        if (!declared.containsKey(name)) {
            throw new IllegalArgumentException("command " + command + " did not declare option --" + name);
        }
        return name;
    }
}
