package io.robustunit.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedFrame;

/**
 * Where an attack's time goes, from stack samples of the attacking thread: each sample is put in one
 * phase by what its stack shows (the first match wins, top to bottom of {@link #PHASES}).
 */
final class ProfileTable {

    static final String FORWARD_GRAPH = "forward pass, recording the graph";
    static final String BACKWARD = "backward pass";
    static final String FORWARD = "forward pass, no graph";
    static final String CHECKS = "input/output checks (range, NaN)";
    static final String FIXED_ROWS = "fixed-row calls: split, pad, concat, layout";
    static final String COPY_OUT = "copies native -> Java (toFloatArray)";
    static final String COPY_IN = "copies Java -> native (create)";
    static final String FREE = "freeing native arrays";
    static final String OTHER_NATIVE = "other tensor ops (steps, projection, indexing)";
    static final String JAVA_ROBUSTUNIT = "Java: RobustUnit per-sample work";
    static final String JAVA_DJL = "Java: DJL wrappers, JNI glue";
    static final String JAVA_OTHER = "Java: JDK, JVM";

    static final List<String> PHASES = List.of(
            FORWARD_GRAPH,
            BACKWARD,
            FORWARD,
            CHECKS,
            FIXED_ROWS,
            COPY_OUT,
            COPY_IN,
            FREE,
            OTHER_NATIVE,
            JAVA_ROBUSTUNIT,
            JAVA_DJL,
            JAVA_OTHER);

    private ProfileTable() {}

    /** One member's run: samples attacked and broken, wall time, its stack samples (null if skipped). */
    record Component(String name, int attacked, int broken, double seconds, Samples samples) {}

    /** Stack samples counted by phase and by the innermost RobustUnit frame. */
    static final class Samples {
        final Map<String, Long> byPhase = new HashMap<>();
        final Map<String, Long> byFrame = new HashMap<>();
        final Map<String, String> exampleStack = new LinkedHashMap<>();
        long total;

        void add(List<RecordedFrame> frames, boolean inNative) {
            String phase = classify(frames, inNative);
            exampleStack.computeIfAbsent(phase, p -> describe(frames));
            byPhase.merge(phase, 1L, Long::sum);
            byFrame.merge(innermostRobustUnitFrame(frames) + " [" + phase + "]", 1L, Long::sum);
            total++;
        }

        double share(String phase) {
            return total == 0 ? 0 : byPhase.getOrDefault(phase, 0L) / (double) total;
        }
    }

    /** The phase a stack (innermost frame first) belongs to. */
    static String classify(List<RecordedFrame> frames, boolean inNative) {
        boolean graph = false;
        boolean forward = false;
        boolean backward = false;
        boolean checks = false;
        boolean fixedRows = false;
        boolean copyOut = false;
        boolean copyIn = false;
        boolean free = false;
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            String method = f.getMethod().getName();
            if ((type.endsWith("PtSymbolBlock") || type.endsWith("IValueUtils")) && method.startsWith("forward")) {
                forward = true;
            } else if (type.endsWith("JniUtils")) {
                backward |= method.equals("backward");
                copyOut |= method.equals("getByteBuffer");
                copyIn |= method.equals("createNdFromByteBuffer");
                free |= method.equals("deleteNDArray");
            } else if (type.endsWith("InputContract") && method.startsWith("check")) {
                checks = true;
            } else if (type.endsWith("FixedRowBatches")) {
                fixedRows = true;
            } else if (type.endsWith("AbstractClassifier") && method.equals("inputGradient")) {
                graph = true;
            }
        }
        if (backward) {
            return BACKWARD;
        }
        if (forward) {
            return graph ? FORWARD_GRAPH : FORWARD;
        }
        if (checks) {
            return CHECKS;
        }
        boolean nativeTop =
                inNative || (!frames.isEmpty() && frames.get(0).getType().equals("Native"));
        if (nativeTop || copyOut || copyIn || free) {
            if (copyOut) {
                return COPY_OUT;
            }
            if (copyIn) {
                return COPY_IN;
            }
            if (free) {
                return FREE;
            }
            if (fixedRows) {
                return FIXED_ROWS;
            }
            return OTHER_NATIVE;
        }
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("io.robustunit.")) {
                return JAVA_ROBUSTUNIT;
            }
            if (type.startsWith("ai.djl.")) {
                return JAVA_DJL;
            }
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return JAVA_OTHER;
            }
        }
        return JAVA_OTHER;
    }

    private static String describe(List<RecordedFrame> frames) {
        StringBuilder s = new StringBuilder();
        for (RecordedFrame f : frames) {
            s.append("\n      at ")
                    .append(f.getMethod().getType().getName())
                    .append('.')
                    .append(f.getMethod().getName())
                    .append(':')
                    .append(f.getLineNumber());
        }
        return s.toString();
    }

    private static String innermostRobustUnitFrame(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("io.robustunit.") && !type.startsWith("io.robustunit.bench.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "."
                        + f.getMethod().getName();
            }
        }
        return "(outside RobustUnit)";
    }

    /** Prints seconds per phase and component, the members' total, and the hottest frames. */
    static void print(List<Component> components, double ensembleSeconds, PrintStream out) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-48s", "phase (seconds)"));
        for (Component c : components) {
            header.append(String.format(Locale.ROOT, " %10s", c.name()));
        }
        header.append(String.format(Locale.ROOT, " %10s %6s", "members", "share"));
        out.println(header);
        double membersTotal =
                components.stream().mapToDouble(Component::seconds).sum();
        Map<String, Double> phaseSeconds = new LinkedHashMap<>();
        for (String phase : PHASES) {
            double sum = 0;
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-48s", phase));
            for (Component c : components) {
                double s = c.samples() == null ? 0 : c.samples().share(phase) * c.seconds();
                sum += s;
                row.append(String.format(Locale.ROOT, " %10.2f", s));
            }
            phaseSeconds.put(phase, sum);
            row.append(String.format(
                    Locale.ROOT, " %10.2f %5.1f%%", sum, membersTotal == 0 ? 0 : 100 * sum / membersTotal));
            out.println(row);
        }
        StringBuilder wall = new StringBuilder(String.format(Locale.ROOT, "%-48s", "wall time"));
        StringBuilder counts = new StringBuilder(String.format(Locale.ROOT, "%-48s", "samples attacked / broken"));
        for (Component c : components) {
            wall.append(String.format(Locale.ROOT, " %10.2f", c.seconds()));
            counts.append(String.format(Locale.ROOT, " %10s", c.attacked() + "/" + c.broken()));
        }
        wall.append(String.format(Locale.ROOT, " %10.2f", membersTotal));
        out.println(wall);
        out.println(counts);
        out.printf(
                Locale.ROOT,
                "evaluator around the members (clean and adversarial predictions, report): %.2f s"
                        + " (ensemble %.2f s - members %.2f s, from two separate runs)%n",
                ensembleSeconds - membersTotal,
                ensembleSeconds,
                membersTotal);
        Map<String, Double> frameSeconds = new HashMap<>();
        for (Component c : components) {
            if (c.samples() == null || c.samples().total == 0) {
                continue;
            }
            for (Map.Entry<String, Long> e : c.samples().byFrame.entrySet()) {
                frameSeconds.merge(e.getKey(), e.getValue() / (double) c.samples().total * c.seconds(), Double::sum);
            }
        }
        List<Map.Entry<String, Double>> hottest = new ArrayList<>(frameSeconds.entrySet());
        hottest.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        if (Boolean.getBoolean("robustunit.bench.stacks")) {
            for (Component c : components) {
                if (c.samples() != null) {
                    c.samples()
                            .exampleStack
                            .forEach((phase, stack) ->
                                    out.println("  example stack, " + c.name() + ", " + phase + ":" + stack));
                }
            }
        }
        out.println("hottest RobustUnit frames (innermost RobustUnit method on the stack [phase]):");
        for (Map.Entry<String, Double> e : hottest.subList(0, Math.min(10, hottest.size()))) {
            out.printf(
                    Locale.ROOT,
                    "  %7.2f s %5.1f%%  %s%n",
                    e.getValue(),
                    membersTotal == 0 ? 0 : 100 * e.getValue() / membersTotal,
                    e.getKey());
        }
    }
}
