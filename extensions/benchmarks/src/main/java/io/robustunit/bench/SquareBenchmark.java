package io.robustunit.bench;

import static io.robustunit.bench.BenchArgs.value;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import io.robustunit.attack.Attacks;
import io.robustunit.attack.Square;
import io.robustunit.data.Datasets;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.InputGradient;
import io.robustunit.threat.ThreatModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Square attack throughput on a model and on its twin, e.g. an ONNX export (ONNX Runtime) and the
 * TorchScript file of the same network (PyTorch): queries/s (images the model classified per
 * second, counted at the model), images/s and robust accuracy of each, in one JVM. Used by
 * {@code scripts/benchmark onnx-square}, next to the plain PyTorch Square of
 * {@code sample-tests/tools/square_reference_benchmark.py}.
 *
 * <pre>
 * java -cp ... io.robustunit.bench.SquareBenchmark --model m.onnx --twin m.pt --data DIR
 *     [--images 300] [--batch 100] [--threads 2] [--repeats 2] [--eps 0.0314] [--queries 100] [--seed 0]
 * </pre>
 */
public final class SquareBenchmark {

    private SquareBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        RobustUnitEngine.setIntraOpThreads(o.threads);
        LabeledImages data = Datasets.read(o.data).first(o.images);
        InputContract contract = InputContract.of(data.imageShape(), 0f, 1f, data.numClasses());
        Square square =
                Attacks.square(ThreatModel.linf(o.eps)).queries(o.queries).seed(o.seed);
        System.out.printf(
                Locale.ROOT,
                "RobustUnit Square benchmark: %s on %d images of %s, batch %d," + " intra-op threads %d%n",
                square,
                data.size(),
                data.name(),
                o.batch,
                o.threads);
        try (Classifier twin = Classifiers.load(o.twin, contract);
                Classifier model = Classifiers.load(o.model, contract)) {
            double twinRate = run(twin, square, data, o);
            double modelRate = run(model, square, data, o);
            System.out.printf(
                    Locale.ROOT, "queries/s %s / %s: %.2fx%n", model.name(), twin.name(), modelRate / twinRate);
        }
    }

    /** Runs the repeats on one model; prints and returns the best queries/s. */
    private static double run(Classifier classifier, Square square, LabeledImages data, Options o) {
        Counting model = new Counting(classifier);
        PgdBenchmark.attack(model, square, data.first(Math.min(o.batch, data.size())), o.batch); // warm-up
        double[] rates = new double[o.repeats];
        double[] imageRates = new double[o.repeats];
        int robust = -1;
        long queries = 0;
        for (int r = 0; r < o.repeats; r++) {
            model.count.set(0);
            long start = System.nanoTime();
            int count = PgdBenchmark.attack(model, square, data, o.batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            queries = model.count.get();
            rates[r] = queries / seconds;
            imageRates[r] = data.size() / seconds;
            if (robust >= 0 && count != robust) {
                System.out.printf("WARNING: robust count %d differs from the first repeat's %d%n", count, robust);
            }
            robust = count;
        }
        Arrays.sort(rates);
        Arrays.sort(imageRates);
        System.out.printf(
                Locale.ROOT,
                "%-20s (%s): queries/s best %.0f, median %.0f; images/s best %.1f; %d queries;"
                        + " robust accuracy %.4f (%d/%d)%n",
                classifier.name(),
                classifier.runtime(),
                rates[rates.length - 1],
                rates[rates.length / 2],
                imageRates[imageRates.length - 1],
                queries,
                (double) robust / data.size(),
                robust,
                data.size());
        return rates[rates.length - 1];
    }

    /** Counts the images a classifier is asked to classify. */
    private static final class Counting implements Classifier {
        private final Classifier inner;
        final AtomicLong count = new AtomicLong();

        Counting(Classifier inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public InputContract contract() {
            return inner.contract();
        }

        @Override
        public Optional<String> sha256() {
            return inner.sha256();
        }

        @Override
        public Device device() {
            return inner.device();
        }

        @Override
        public NDArray logits(NDArray inputs) {
            count.addAndGet(inputs.getShape().get(0));
            return inner.logits(inputs);
        }

        @Override
        public InputGradient inputGradient(NDArray inputs, Function<NDArray, NDArray> loss) {
            return inner.inputGradient(inputs, loss);
        }

        @Override
        public boolean hasInputGradients() {
            return inner.hasInputGradients();
        }

        @Override
        public String runtime() {
            return inner.runtime();
        }

        @Override
        public void close() {
            // the wrapped model is closed by its owner
        }
    }

    /** Command-line options. */
    private static final class Options {
        Path model = Path.of("sample-tests/src/test/resources/models/rgb-fashion.onnx");
        Path twin = Path.of("sample-tests/src/test/resources/models/rgb-fashion.pt");
        Path data = Path.of("sample-tests/src/test/resources/rgb-fashion-300");
        int images = 300;
        int batch = 100;
        int threads = 2;
        int repeats = 2;
        double eps = 8 / 255.0;
        int queries = 100;
        long seed = 0;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--model" -> o.model = Path.of(value(args, ++i, a));
                    case "--twin" -> o.twin = Path.of(value(args, ++i, a));
                    case "--data" -> o.data = Path.of(value(args, ++i, a));
                    case "--images" -> o.images = Integer.parseInt(value(args, ++i, a));
                    case "--batch" -> o.batch = Integer.parseInt(value(args, ++i, a));
                    case "--threads" -> o.threads = Integer.parseInt(value(args, ++i, a));
                    case "--repeats" -> o.repeats = Integer.parseInt(value(args, ++i, a));
                    case "--eps" -> o.eps = Double.parseDouble(value(args, ++i, a));
                    case "--queries" -> o.queries = Integer.parseInt(value(args, ++i, a));
                    case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option " + a + "; see the SquareBenchmark javadoc for the options");
                }
            }
            if (o.images < 1 || o.batch < 1 || o.repeats < 1 || o.queries < 1) {
                throw new IllegalArgumentException("--images, --batch, --repeats and --queries must be >= 1");
            }
            return o;
        }
    }
}
