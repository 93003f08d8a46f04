package io.robustunit.junit5.samples;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import io.robustunit.junit5.ModelSource;
import io.robustunit.model.Classifier;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A model source that counts how often its models are loaded and closed. */
public class CountingSource implements ModelSource {

    public static final AtomicInteger LOADS = new AtomicInteger();
    public static final AtomicInteger CLOSES = new AtomicInteger();

    public static void reset() {
        LOADS.set(0);
        CLOSES.set(0);
    }

    @Override
    public Classifier load(InputContract contract) {
        LOADS.incrementAndGet();
        return new Counted(contract, CLOSES);
    }

    /** The same for shared models, counted apart. */
    public static class Shared implements ModelSource {
        public static final AtomicInteger LOADS = new AtomicInteger();
        public static final AtomicInteger CLOSES = new AtomicInteger();

        public static void reset() {
            LOADS.set(0);
            CLOSES.set(0);
        }

        @Override
        public Classifier load(InputContract contract) {
            LOADS.incrementAndGet();
            return new Counted(contract, CLOSES);
        }
    }

    /** A classifier that only counts its closing; it is never run. */
    static final class Counted implements Classifier {
        private final InputContract contract;
        private final AtomicInteger closes;

        Counted(InputContract contract, AtomicInteger closes) {
            this.contract = contract;
            this.closes = closes;
        }

        @Override
        public String name() {
            return "counted";
        }

        @Override
        public InputContract contract() {
            return contract;
        }

        @Override
        public Device device() {
            return Device.cpu();
        }

        @Override
        public NDArray logits(NDArray inputs) {
            throw new UnsupportedOperationException("never run");
        }

        @Override
        public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
            throw new UnsupportedOperationException("never run");
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
