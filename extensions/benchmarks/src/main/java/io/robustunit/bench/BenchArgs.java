package io.robustunit.bench;

/** The command-line helper the benchmarks' option parsers share. */
final class BenchArgs {

    private BenchArgs() {}

    /** {@code args[i]}, the value of {@code option}; an error naming the option if it is missing. */
    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
