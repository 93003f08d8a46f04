package io.robustunit.fuzz;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * What a parser of bytes from outside the process (a data file, a JSON report, a command line) may
 * do with any input: return a value, or throw its one documented exception. Never another exception
 * or error, never run past a time bound, never allocate more than an {@link AllocationBudget}
 * proportional to the input's real content, and every value it returns passes a check.
 *
 * <p>Each input is parsed on a worker thread, which bounds its time and lets the thread's allocated
 * bytes be read before and after the call ({@code com.sun.management.ThreadMXBean}). A breach throws
 * {@link ContractViolation}, an {@link AssertionError}, naming the input in hex. An input over budget
 * is parsed a second time and fails only if it is over budget again: the first run of a code path
 * pays one-time costs (string-concatenation bootstraps, class initialisation) that no input causes,
 * whereas allocation driven by the input recurs.
 *
 * <pre>{@code
 * OutsideBytesContract<IdxArray> idx = OutsideBytesContract.<IdxArray>builder()
 *         .setParser(bytes -> { Path f = Files.write(file, bytes); return () -> reader.read(f); })
 *         .setDocumentedFailure(IdxFormatException.class)
 *         .optAllocationBudget(AllocationBudget.proportional(256 * 1024, 4, RealSize::gunzipped))
 *         .build();
 *
 * @Property void anyBytesAreParsedOrRejected(@ForAll byte[] input) { idx.check(input); }
 * }</pre>
 *
 * @param <T> what the parser returns
 */
public final class OutsideBytesContract<T> {

    private final Stager<T> parser;
    private final Class<? extends Exception> documentedFailure;
    private final Duration timeout;
    private final AllocationBudget budget;
    private final BiConsumer<byte[], T> acceptedCheck;
    private final List<byte[]> warmUp;
    private ExecutorService worker;
    private boolean warmedUp;

    private OutsideBytesContract(Builder<T> b) {
        this.parser = Objects.requireNonNull(b.parser, "setParser is required");
        this.documentedFailure = Objects.requireNonNull(b.documentedFailure, "setDocumentedFailure is required");
        this.timeout = b.timeout;
        this.budget = b.budget;
        this.acceptedCheck = b.acceptedCheck;
        this.warmUp = List.copyOf(b.warmUp);
        this.worker = newWorker();
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * Parses {@code input} and checks the contract.
     *
     * @return what happened, when the contract held
     * @throws ContractViolation when it did not
     */
    public synchronized Outcome<T> check(byte[] input) {
        if (!warmedUp) {
            warmedUp = true;
            for (byte[] w : warmUp) {
                run(w, Duration.ofMinutes(1));
            }
        }
        Outcome<T> outcome = run(input, timeout);
        if (outcome.thrown() != null && !documentedFailure.isInstance(outcome.thrown())) {
            throw violation(
                    "threw " + outcome.thrown().getClass().getName() + " instead of returning or throwing "
                            + documentedFailure.getName(),
                    input,
                    outcome.thrown());
        }
        long limit = budget.limit(input);
        if (outcome.allocatedBytes() > limit) {
            outcome = run(input, timeout);
        }
        if (outcome.allocatedBytes() > limit) {
            throw violation(
                    "allocated " + outcome.allocatedBytes() + " bytes, more than its budget of " + limit + " (" + budget
                            + ") for an input of " + input.length + " bytes",
                    input,
                    outcome.thrown());
        }
        if (outcome.accepted()) {
            try {
                acceptedCheck.accept(input, outcome.value());
            } catch (AssertionError e) {
                throw violation("returned a wrong value: " + e.getMessage(), input, e);
            }
        }
        return outcome;
    }

    private Outcome<T> run(byte[] input, Duration limit) {
        Parse<T> parse;
        try {
            parse = parser.stage(input);
        } catch (IOException e) {
            throw new IllegalStateException("could not stage the input for the parser", e);
        }
        Future<Outcome<T>> future = worker.submit(() -> measure(parse));
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw violation("ran longer than " + limit, input, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the measuring harness failed", e.getCause());
        }
    }

    private static <T> Outcome<T> measure(Parse<T> parse) {
        long before = Allocations.currentThread();
        long start = System.nanoTime();
        T value = null;
        Throwable thrown = null;
        try {
            value = parse.run();
        } catch (Throwable t) {
            thrown = t;
        }
        long nanos = System.nanoTime() - start;
        return new Outcome<>(value, thrown, Allocations.currentThread() - before, nanos);
    }

    private ContractViolation violation(String what, byte[] input, Throwable cause) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 512));
        return new ContractViolation(
                "Parser " + what + ". Input (" + input.length + " bytes"
                        + (input.length > 512 ? ", first 512 shown" : "") + "): " + hex,
                cause);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "outside-bytes-parser");
            t.setDaemon(true);
            return t;
        });
    }

    /** Puts the input where the parser reads it (a file, a stream); not timed or measured. */
    @FunctionalInterface
    public interface Stager<T> {
        Parse<T> stage(byte[] input) throws IOException;
    }

    /** One parse of a staged input; timed and measured. */
    @FunctionalInterface
    public interface Parse<T> {
        T run() throws Exception;
    }

    /**
     * What one parse did.
     *
     * @param value what the parser returned, or null when it threw
     * @param thrown what it threw, or null
     * @param allocatedBytes heap bytes the parsing thread allocated during the call
     * @param nanos wall time of the call
     */
    public record Outcome<T>(T value, Throwable thrown, long allocatedBytes, long nanos) {
        public boolean accepted() {
            return thrown == null;
        }
    }

    /** The parser broke its contract. */
    public static final class ContractViolation extends AssertionError {
        private static final long serialVersionUID = 1L;

        ContractViolation(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Builds a contract: {@code set*} required, {@code opt*} optional. */
    public static final class Builder<T> {
        private Stager<T> parser;
        private Class<? extends Exception> documentedFailure;
        private Duration timeout = Duration.ofSeconds(10);
        private AllocationBudget budget = AllocationBudget.UNLIMITED;
        private BiConsumer<byte[], T> acceptedCheck = (input, value) -> {};
        private final List<byte[]> warmUp = new ArrayList<>();

        private Builder() {}

        /** How to hand bytes to the parser under test. */
        public Builder<T> setParser(Stager<T> stager) {
            this.parser = stager;
            return this;
        }

        /** The one exception type the parser documents for bad input (subclasses allowed). */
        public Builder<T> setDocumentedFailure(Class<? extends Exception> type) {
            this.documentedFailure = type;
            return this;
        }

        /** Longest one parse may run; default 10 s, far above any honest parse of a fuzz input. */
        public Builder<T> optTimeout(Duration limit) {
            this.timeout = limit;
            return this;
        }

        public Builder<T> optAllocationBudget(AllocationBudget allocationBudget) {
            this.budget = allocationBudget;
            return this;
        }

        /** Checks each value the parser returns, throwing {@link AssertionError} if it is wrong. */
        public Builder<T> optAcceptedCheck(BiConsumer<byte[], T> check) {
            this.acceptedCheck = check;
            return this;
        }

        /**
         * Inputs parsed once, unchecked, before the first checked input, so that class loading and
         * first-call initialisation are not charged to it.
         */
        public Builder<T> optWarmUp(byte[]... inputs) {
            warmUp.addAll(List.of(inputs));
            return this;
        }

        public OutsideBytesContract<T> build() {
            return new OutsideBytesContract<>(this);
        }
    }
}
