package io.robustunit.cli;

import io.robustunit.certify.CertificationCurve;
import io.robustunit.certify.CertificationFinding;
import io.robustunit.certify.CertificationListener;
import io.robustunit.certify.CertificationProgress;
import io.robustunit.certify.CertificationReport;
import io.robustunit.certify.CertificationSettings;
import io.robustunit.certify.Certifier;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * {@code robustunit certify}: certified L2 robustness of a TorchScript model by randomized smoothing
 * (CERTIFY of Cohen, Rosenfeld and Kolter, 2019); prints certified accuracy at the requested radii
 * and writes the JSON report of every certificate.
 */
final class CertifyCommand implements Command {

    static final int DEFAULT_N0 = 100;
    static final int DEFAULT_N = 100_000;
    static final double DEFAULT_ALPHA = 0.001;
    static final List<Double> DEFAULT_RADII = List.of(0.0, 0.25, 0.5, 0.75, 1.0);

    private final Options options = DataOptions.declare(Options.builder(name()), "evaluation data (test split)")
            .value(
                    "model",
                    "FILE",
                    "the classifier: TorchScript (torch.jit.save), or ONNX with robustunit-onnx on the classpath")
            .value("limit", "N", "certify the first N images (default: all)")
            .flag("stratified", "with --limit: a class-stratified sample drawn with --seed")
            .value("sigma", "S", "standard deviation of the Gaussian noise in pixel space, > 0")
            .value("n0", "N", "selection draws per image (default " + DEFAULT_N0 + ")")
            .value("n", "N", "estimation draws per image (default " + DEFAULT_N + ")")
            .value("alpha", "A", "failure probability of each certificate, in (0, 0.5) (default " + DEFAULT_ALPHA + ")")
            .value("radius", "R[,R...]", "L2 radii to report certified accuracy at (default 0,0.25,0.5,0.75,1)")
            .value("seed", "N", "seed of the noise (default 0)")
            .value(
                    "batch",
                    "N",
                    "noisy draws per forward pass (default " + Certifier.DEFAULT_BATCH_SIZE
                            + "; never changes results)")
            .value("threads", "N", "PyTorch intra-op threads (default: all cores)")
            .value("json", "FILE", "write the JSON report of every certificate here (atomically)")
            .build();

    @Override
    public String name() {
        return "certify";
    }

    @Override
    public String summary() {
        return "certified L2 robustness by randomized smoothing, with a JSON report";
    }

    @Override
    public String usage() {
        return "Usage: robustunit certify --model FILE --data fashion-mnist|DIR --sigma S [options]\n\n"
                + "Randomized smoothing (Cohen, Rosenfeld and Kolter, 2019): per image, n0 noisy draws"
                + " select a class,\nn fresh draws bound its probability pA from below (Clopper-Pearson,"
                + " level 1 - alpha); the image\nis certified at L2 radius sigma * PhiInverse(pA), or"
                + " abstains when pA < 1/2. Prints certified\naccuracy (provably correct within the"
                + " radius) at each --radius, abstentions, the largest radius n\ncan certify, and"
                + " consistency findings (exit code 1 if any). Progress goes to stderr.\n\n"
                + "Options:\n" + options.help()
                + "\nExample:\n  robustunit certify --model model.pt --data fashion-mnist --limit 500"
                + " --sigma 0.25 \\\n      --n0 100 --n 10000 --alpha 0.001 --radius 0,0.25,0.5"
                + " --json target/certification.json\n";
    }

    @Override
    public int run(List<String> args, CommandIo io) throws Exception {
        ParsedOptions parsed = options.parse(args);
        if (parsed.helpRequested()) {
            io.out().print(usage());
            return 0;
        }
        Path modelFile = Path.of(parsed.requiredString("model"));
        parsed.requiredString("data");
        DataOptions dataOptions = DataOptions.parse(parsed, null);
        double sigma = parsed.decimal("sigma", v -> v > 0 && Double.isFinite(v), "a number > 0, e.g. 0.25")
                .orElseThrow(() -> parsed.missing("sigma"));
        int n0 = parsed.integer("n0", 1, Integer.MAX_VALUE).orElse(DEFAULT_N0);
        int n = parsed.integer("n", 1, Integer.MAX_VALUE).orElse(DEFAULT_N);
        double alpha = parsed.decimal("alpha", v -> v > 0 && v < 0.5, "a number in (0, 0.5), e.g. 0.001")
                .orElse(DEFAULT_ALPHA);
        List<Double> radii = parsed.string("radius").map(CertifyCommand::radii).orElse(DEFAULT_RADII);
        OptionalInt limit = parsed.integer("limit", 1, Integer.MAX_VALUE);
        boolean stratified = parsed.flag("stratified");
        if (stratified && limit.isEmpty()) {
            throw new UsageException("--stratified needs --limit N (the size of the sample)");
        }
        long seed = parsed.longInteger("seed").orElse(0);
        int batch = parsed.integer("batch", 1, 1_000_000).orElse(Certifier.DEFAULT_BATCH_SIZE);
        OptionalInt threads = parsed.integer("threads", 1, 1024);
        Path json = parsed.string("json").map(Path::of).orElse(null);
        if (json != null && Files.isDirectory(json)) {
            throw new UsageException("option --json: " + json + " is a directory; give a file name");
        }
        if (!Files.isRegularFile(modelFile)) {
            throw new UsageException("option --model: " + modelFile + " does not exist or is not a file");
        }
        CertificationSettings settings = new CertificationSettings(sigma, n0, n, alpha, seed);

        LabeledImages data = dataOptions.read("data", FashionMnist.Split.TEST);
        if (limit.isPresent()) {
            data = stratified ? data.stratified(limit.getAsInt(), seed) : data.first(limit.getAsInt());
        }
        if (threads.isPresent()) {
            RobustUnitEngine.setIntraOpThreads(threads.getAsInt());
        }
        InputContract contract = dataOptions.contract(data);
        CertificationReport report;
        Progress progress = new Progress(io.err(), io.errIsTerminal(), EvaluateCommand.LOG_LINE_INTERVAL);
        io.err().println("certifying " + data.size() + " images with " + settings);
        try (Classifier model = Classifiers.load(modelFile, contract)) {
            report = Certifier.builder()
                    .settings(settings)
                    .batchSize(batch)
                    .modelName(modelFile.getFileName().toString())
                    .listener(progress)
                    .build()
                    .certify(model, data);
        }
        progress.end();
        io.out().print(summary(report, radii));
        if (json != null) {
            report.writeJson(json);
            io.out().println("\nJSON report: " + json);
        }
        if (!report.valid()) {
            io.err()
                    .println("robustunit certify: the report is INVALID ("
                            + report.findings().size() + " consistency findings above)");
            return 1;
        }
        return 0;
    }

    static List<Double> radii(String spec) {
        List<Double> list = new ArrayList<>();
        for (String part : spec.split(",")) {
            try {
                double r = Double.parseDouble(part.trim());
                if (!(r >= 0) || !Double.isFinite(r)) {
                    throw new NumberFormatException();
                }
                list.add(r);
            } catch (NumberFormatException e) {
                throw new UsageException("option --radius: '" + part.trim() + "' is not a radius >= 0;"
                        + " give one or more, e.g. --radius 0,0.25,0.5");
            }
        }
        return list;
    }

    /** The human-readable result. */
    static String summary(CertificationReport r, List<Double> radii) {
        StringBuilder sb = new StringBuilder();
        CertificationSettings s = r.settings();
        int total = r.sampleCount();
        sb.append("Certified robustness of ")
                .append(r.modelName())
                .append(" on ")
                .append(r.datasetName())
                .append(" (")
                .append(total)
                .append(" images)\n");
        sb.append("randomized smoothing, Gaussian noise ").append(s).append('\n');
        sb.append(String.format(
                Locale.ROOT,
                "radius bound: %.4f (with all n=%d draws agreeing, pA >= alpha^(1/n) = %.6f; no radius"
                        + " above sigma * PhiInverse(alpha^(1/n)))%n",
                r.radiusBound(),
                s.n(),
                Math.pow(s.alpha(), 1.0 / s.n())));
        sb.append("\n  L2 radius  certified accuracy\n");
        double[] rs = radii.stream().mapToDouble(Double::doubleValue).toArray();
        CertificationCurve curve = r.curve(rs);
        for (CertificationCurve.Point p : curve.points()) {
            String note = p.radius() > r.radiusBound() ? "  (above the radius bound: n too small)" : "";
            sb.append(String.format(
                    Locale.ROOT,
                    "  %9.3f  %.3f (%d/%d)  %s%s%n",
                    p.radius(),
                    p.accuracy(),
                    p.certified(),
                    total,
                    r.certifiedAccuracyInterval(p.radius(), 0.95),
                    note));
        }
        sb.append(String.format(
                Locale.ROOT,
                "%nabstained: %d (%.3f)   certified with a wrong class: %d%n",
                r.abstentionCount(),
                total == 0 ? 0 : (double) r.abstentionCount() / total,
                r.certifiedWrongCount()));
        sb.append(String.format(
                Locale.ROOT,
                "smoothed clean accuracy (plurality of the n draws): %.3f (%d/%d)%n",
                total == 0 ? 0 : (double) r.smoothedCorrectCount() / total,
                r.smoothedCorrectCount(),
                total));
        if (r.valid()) {
            sb.append("consistency: valid (radii within the bound, certificates follow their counts,"
                    + " certified <= smoothed clean)\n");
        } else {
            sb.append("consistency: INVALID\n");
            for (CertificationFinding f : r.findings()) {
                sb.append("  ").append(f).append('\n');
            }
        }
        long draws = (long) (s.n0() + s.n()) * total;
        double seconds = r.wallTime().toNanos() / 1e9;
        sb.append(String.format(
                Locale.ROOT,
                "wall time: %.1f s (%d noisy forward passes, %.0f/s)%n",
                seconds,
                draws,
                seconds > 0 ? draws / seconds : 0));
        return sb.toString();
    }

    /** Certification progress on stderr, in the style of {@link ProgressBar}. */
    static final class Progress implements CertificationListener {
        private static final int WIDTH = 20;
        private final PrintStream err;
        private final boolean interactive;
        private final Duration lineInterval;
        private Duration lastLine;
        private int lastLength;
        private boolean drawn;

        Progress(PrintStream err, boolean interactive, Duration lineInterval) {
            this.err = err;
            this.interactive = interactive;
            this.lineInterval = lineInterval;
        }

        @Override
        public void progressed(CertificationProgress p) {
            String line = render(p);
            boolean finished = p.drawsDone() >= p.totalDraws();
            if (interactive) {
                String padding = " ".repeat(Math.max(0, lastLength - line.length()));
                err.print("\r" + line + padding);
                lastLength = line.length();
                drawn = true;
                err.flush();
            } else if (finished
                    || lastLine == null
                    || p.elapsed().minus(lastLine).compareTo(lineInterval) >= 0) {
                err.println(line);
                lastLine = p.elapsed();
            }
        }

        void end() {
            if (interactive && drawn) {
                err.println();
            }
        }

        static String render(CertificationProgress p) {
            int filled = (int) Math.round(p.fraction() * WIDTH);
            String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
            double rate = p.drawsPerSecond();
            String eta = rate <= 0
                    ? "?"
                    : ProgressBar.clock(Duration.ofSeconds((long) ((p.totalDraws() - p.drawsDone()) / rate)));
            return String.format(
                    Locale.ROOT,
                    "[%s] %3d%%  %d/%d images  certified %d  abstained %d  %.0f draws/s  elapsed %s  ETA %s",
                    bar,
                    (int) Math.floor(p.fraction() * 100),
                    p.samplesDone(),
                    p.totalSamples(),
                    p.certifiedSoFar(),
                    p.abstainedSoFar(),
                    rate,
                    ProgressBar.clock(p.elapsed()),
                    eta);
        }
    }
}
