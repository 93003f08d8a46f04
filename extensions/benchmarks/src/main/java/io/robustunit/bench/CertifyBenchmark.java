package io.robustunit.bench;

import ai.djl.ndarray.types.Shape;
import io.robustunit.certify.CertificationReport;
import io.robustunit.certify.Certifier;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Throughput of randomized-smoothing CERTIFY on the sample model, comparable with
 * {@code sample-tests/tools/certify_reference_benchmark.py} (Cohen et al.'s loop in PyTorch eager).
 *
 * <pre>
 * java -cp ... io.robustunit.bench.CertifyBenchmark [--model m.pt] [--data dir] [--images 20]
 *     [--n0 100] [--n 1000,10000] [--sigma 0.25] [--alpha 0.001] [--batch 1000] [--threads 2] [--repeats 2]
 * </pre>
 *
 * <p>Per n: one warm-up certification of one image, then {@code repeats} certifications of all
 * images; prints the best noisy forward passes/s ({@code (n0 + n) * images / seconds}), images/s and
 * the certified accuracy at radius 0 and 0.25.
 */
public final class CertifyBenchmark {

    private static final InputContract CONTRACT = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    private CertifyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path modelPath = Path.of("sample-tests/src/test/resources/models/fashion-mnist-natural.pt");
        Path dataDir = Path.of("sample-tests/src/test/resources/fashion-mnist-1000");
        int images = 20;
        int n0 = 100;
        int[] ns = {1000, 10_000};
        double sigma = 0.25;
        double alpha = 0.001;
        int batch = 1000;
        int threads = 2;
        int repeats = 2;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            i++;
            switch (a) {
                case "--model" -> modelPath = Path.of(v);
                case "--data" -> dataDir = Path.of(v);
                case "--images" -> images = Integer.parseInt(v);
                case "--n0" -> n0 = Integer.parseInt(v);
                case "--n" ->
                    ns = java.util.Arrays.stream(v.split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "--sigma" -> sigma = Double.parseDouble(v);
                case "--alpha" -> alpha = Double.parseDouble(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--repeats" -> repeats = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        RobustUnitEngine.setIntraOpThreads(threads);
        LabeledImages data = FashionMnist.load(dataDir, FashionMnist.Split.TEST).first(images);
        try (Classifier model = Classifiers.torchScript(modelPath, CONTRACT)) {
            System.out.printf(
                    Locale.ROOT,
                    "RobustUnit CERTIFY benchmark: model %s, %d images, sigma %s, n0 %d, alpha %s, batch %d,"
                            + " intra-op threads %d%n",
                    modelPath,
                    data.size(),
                    sigma,
                    n0,
                    alpha,
                    batch,
                    RobustUnitEngine.intraOpThreads());
            for (int n : ns) {
                Certifier certifier = Certifier.builder()
                        .sigma(sigma)
                        .draws(n0, n)
                        .alpha(alpha)
                        .seed(0)
                        .batchSize(batch)
                        .build();
                certifier.certify(model, data.first(1));
                double best = Double.MAX_VALUE;
                CertificationReport report = null;
                for (int r = 0; r < repeats; r++) {
                    long start = System.nanoTime();
                    report = certifier.certify(model, data);
                    best = Math.min(best, (System.nanoTime() - start) / 1e9);
                }
                long draws = (long) (n0 + n) * data.size();
                System.out.printf(
                        Locale.ROOT,
                        "n=%d: best %.2f s, %.0f noisy forward passes/s, %.2f images/s; certified at r=0 %d/%d,"
                                + " at r=0.25 %d/%d, abstained %d%n",
                        n,
                        best,
                        draws / best,
                        data.size() / best,
                        report.certifiedCount(0),
                        data.size(),
                        report.certifiedCount(0.25),
                        data.size(),
                        report.abstentionCount());
                System.out.printf(
                        Locale.ROOT,
                        "RESULT n=%d draws_per_s=%.0f images_per_s=%.3f%n",
                        n,
                        draws / best,
                        data.size() / best);
            }
        }
    }
}
