package io.robustunit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The memory layout in which a TorchScript model gets its image batches in evaluation mode.
 *
 * <p>libtorch's CPU convolutions run faster on channels-last tensors ({@code [N, C, H, W]} values
 * stored as {@code N, H, W, C}) than on the default contiguous layout, which they reorder on every
 * call: PGD on the RGB sample model ran 1.2x-1.3x faster channels-last (same JVM, alternating runs;
 * {@code scripts/benchmark rgb-pgd} compares with the previous defaults). The values are the same; only the order in memory differs, so a model that reads its
 * input with {@code view} (which needs contiguous memory) or that depends on strides would fail or
 * answer differently. {@link #choose} therefore tries the model both ways on a probe batch at load and
 * keeps channels-last only where it runs and gives the same logits.
 *
 * <p>The system property {@value #PROPERTY} overrides the choice: {@code auto} (the default),
 * {@code channels-last} (an error if the model cannot take it) or {@code contiguous}. The choice is
 * made once per model, from the model alone, so per-sample results stay reproducible: every run on
 * the same model, CPU kind and library build makes the same choice. Training-mode passes always use
 * the contiguous layout.
 */
final class MemoryLayout {

    /** System property overriding the layout: {@code auto}, {@code channels-last} or {@code contiguous}. */
    static final String PROPERTY = "robustunit.memoryFormat";

    /** Largest logit difference, relative to the largest logit (at least 1), still counted as the same. */
    static final double TOLERANCE = 1e-4;

    private static final String NOT_FINITE = "its probe logits are not finite";

    private static final System.Logger LOG = System.getLogger(MemoryLayout.class.getName());

    private MemoryLayout() {}

    /**
     * Whether {@code model}'s evaluation-mode passes should run channels-last: only for image inputs
     * ({@code [C, H, W]}), and under {@code auto} only if the model runs channels-last on a probe batch
     * and its logits agree with the contiguous ones.
     */
    static boolean choose(TorchScriptClassifier model, Path file) throws ModelLoadException {
        return choose(model, file, configured());
    }

    /** The setting this JVM runs with: {@value #PROPERTY}, {@code auto} if unset. */
    static String configured() {
        return setting(System.getProperty(PROPERTY, "auto"));
    }

    /** {@link #choose(TorchScriptClassifier, Path)} under {@code setting} (see {@link #setting(String)}). */
    static boolean choose(TorchScriptClassifier model, Path file, String setting) throws ModelLoadException {
        InputContract c = model.contract();
        if (setting.equals("contiguous") || c.batchShape(1).dimension() != 4) {
            return false;
        }
        String refusal = refusal(model);
        if (refusal == null) {
            return true;
        }
        if (setting.equals("channels-last")) {
            throw new ModelLoadException(file + " cannot take its input channels-last (" + refusal + "), as " + PROPERTY
                    + "=channels-last asks; set " + PROPERTY + "=auto or contiguous");
        }
        LOG.log(System.Logger.Level.INFO, () -> file + ": inputs stay contiguous (" + refusal + ")");
        return false;
    }

    /** {@code auto}, {@code channels-last} or {@code contiguous}, from a property value. */
    static String setting(String property) {
        String value = property.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "auto" -> "auto";
            case "channels-last", "contiguous" -> value;
            default ->
                throw new IllegalArgumentException("system property " + PROPERTY
                        + " must be auto, channels-last or contiguous, was '" + value + "'");
        };
    }

    /** Why channels-last does not fit {@code model}, or null if it runs and gives the same logits. */
    private static String refusal(TorchScriptClassifier model) {
        InputContract c = model.contract();
        Shape shape = c.batchShape(2);
        float[] values = new float[Math.toIntExact(shape.size())];
        SplittableRandom random = new SplittableRandom(0x5EED_1A70L);
        for (int i = 0; i < values.length; i++) {
            values[i] = c.min() + (float) random.nextDouble() * (c.max() - c.min());
        }
        try (NDManager m = NDManager.newBaseManager(model.device())) {
            NDArray x = c.normalize(m.create(values, shape));
            float[] contiguous = model.evaluationPass(x, false).toFloatArray();
            String repeat =
                    difference(contiguous, model.evaluationPass(x, false).toFloatArray());
            if (repeat != null) {
                return repeat.equals(NOT_FINITE) ? repeat : "its logits change from call to call";
            }
            float[] channelsLast;
            try {
                channelsLast = model.evaluationPass(x, true).toFloatArray();
            } catch (RuntimeException e) {
                return "a channels-last probe batch fails: " + cause(String.valueOf(e.getMessage()));
            }
            return difference(contiguous, channelsLast);
        }
    }

    /** The error line of a TorchScript interpreter message ("RuntimeError: ..."), else its first line. */
    static String cause(String message) {
        String[] lines = message.split("\n");
        for (String line : lines) {
            int at = line.indexOf("Error: ");
            if (at >= 0) {
                return line.substring(at + "Error: ".length()).trim();
            }
        }
        return lines.length == 0 ? message : lines[0];
    }

    /** Null if the logits agree within {@link #TOLERANCE}, else what differs. */
    static String difference(float[] contiguous, float[] channelsLast) {
        if (contiguous.length != channelsLast.length) {
            return "channels-last gives " + channelsLast.length + " logits instead of " + contiguous.length;
        }
        double scale = 1;
        for (float v : contiguous) {
            if (!Float.isFinite(v)) {
                return NOT_FINITE;
            }
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < contiguous.length; i++) {
            double d = Math.abs((double) contiguous[i] - channelsLast[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        if (worst > TOLERANCE * scale) {
            return String.format(Locale.ROOT, "channels-last logits differ by up to %.3g", worst);
        }
        return null;
    }
}
