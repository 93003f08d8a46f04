package io.robustunit.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options a command accepts, and a strict parser for them: {@code --name value},
 * {@code --name=value} and {@code --flag}. Unknown options (with a suggestion), missing values,
 * repeated options and stray arguments are {@link UsageException}s naming the option.
 *
 * <pre>{@code
 * Options options = Options.builder("evaluate")
 *         .value("model", "FILE", "TorchScript model file")
 *         .flag("stratified", "draw a class-stratified subset")
 *         .build();
 * ParsedOptions parsed = options.parse(args);
 * int limit = parsed.integer("limit", 1, Integer.MAX_VALUE).orElse(1000);
 * }</pre>
 */
public final class Options {

    /** One declared option. */
    public record Option(String name, String valueName, String description) {

        /** Whether the option takes a value (otherwise it is a flag). */
        public boolean takesValue() {
            return valueName != null;
        }

        String synopsis() {
            return "--" + name + (takesValue() ? " " + valueName : "");
        }
    }

    private final String command;
    private final Map<String, Option> options;

    private Options(String command, Map<String, Option> options) {
        this.command = command;
        this.options = options;
    }

    /** Starts declaring the options of {@code command} (used in error messages). */
    public static Builder builder(String command) {
        return new Builder(command);
    }

    /** The declared options, in declaration order. */
    public List<Option> options() {
        return List.copyOf(options.values());
    }

    /**
     * Parses arguments. {@code --help} / {@code -h} is reported by {@link ParsedOptions#helpRequested()}
     * and suppresses every other check.
     *
     * @throws UsageException naming the offending argument
     */
    public ParsedOptions parse(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            return new ParsedOptions(command, options, Map.of(), true);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'"
                        + (arg.startsWith("-") && !arg.startsWith("--")
                                ? "; options start with two dashes, e.g. --" + arg.replaceFirst("^-+", "")
                                : "; every value must follow its option, e.g. --model " + arg));
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq >= 0 ? body.substring(0, eq) : body;
            Option option = options.get(name);
            if (option == null) {
                throw new UsageException("unknown option --" + name + suggestion(name));
            }
            if (values.containsKey(name)) {
                throw new UsageException("option --" + name + " is given twice");
            }
            String value;
            if (!option.takesValue()) {
                if (eq >= 0) {
                    throw new UsageException("option --" + name + " is a flag and takes no value");
                }
                value = "true";
            } else if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("option --" + name + " needs a value: " + option.synopsis()
                        + " (" + option.description() + ")");
            }
            if (option.takesValue() && value.isEmpty()) {
                throw new UsageException("option --" + name + " has an empty value: "
                        + option.synopsis() + " (" + option.description() + ")");
            }
            values.put(name, value);
        }
        return new ParsedOptions(command, options, values, false);
    }

    /** The option list for a help text, one option per line, descriptions aligned. */
    public String help() {
        int width = options.values().stream().mapToInt(o -> o.synopsis().length()).max().orElse(0);
        StringBuilder s = new StringBuilder();
        for (Option o : options.values()) {
            s.append("  ").append(String.format("%-" + width + "s", o.synopsis())).append("  ")
                    .append(o.description()).append('\n');
        }
        return s.toString();
    }

    private String suggestion(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : options.keySet()) {
            int d = editDistance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        String hint = best != null && bestDistance <= Math.max(2, name.length() / 3)
                ? "; did you mean --" + best + "?"
                : "";
        return hint + " Valid options: " + String.join(", ",
                options.keySet().stream().map(n -> "--" + n).toList()) + ", --help";
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
                        previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** Declares options. */
    public static final class Builder {
        private final String command;
        private final Map<String, Option> options = new LinkedHashMap<>();

        private Builder(String command) {
            this.command = Objects.requireNonNull(command, "command");
        }

        /** An option with a value, e.g. {@code value("eps", "E", "radius of the ball")}. */
        public Builder value(String name, String valueName, String description) {
            return add(new Option(name, Objects.requireNonNull(valueName, "valueName"), description));
        }

        /** A flag without a value. */
        public Builder flag(String name, String description) {
            return add(new Option(name, null, description));
        }

        private Builder add(Option option) {
            if (!option.name().matches("[a-z][a-z0-9-]*") || option.name().equals("help")) {
                throw new IllegalArgumentException(
                        "option name must be a lower-case word other than 'help', was '"
                                + option.name() + "'");
            }
            if (options.putIfAbsent(option.name(), option) != null) {
                throw new IllegalArgumentException("option --" + option.name() + " declared twice");
            }
            return this;
        }

        public Options build() {
            return new Options(command, new LinkedHashMap<>(options));
        }
    }
}
