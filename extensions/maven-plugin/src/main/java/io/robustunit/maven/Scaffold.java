package io.robustunit.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/** The files {@code robustunit:init} writes, as text: the pom, the first gate test, their notes. */
final class Scaffold {

    /** What the first measurement found and what the gates will demand. */
    record Gates(
            String model,
            String modelResource,
            String dataResource,
            int limit,
            int[] inputShape,
            float min,
            float max,
            int classes,
            String norm,
            double eps,
            String measuredClean,
            String measuredRobust,
            double cleanThreshold,
            double robustThreshold,
            String attack) {}

    static final Properties VERSIONS = load();

    private Scaffold() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Scaffold.class.getResourceAsStream("versions.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("versions.properties missing from the plugin", e));
        }
        return p;
    }

    private static String template(String name) {
        try (InputStream in = Scaffold.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " missing from the plugin");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String version(String key) {
        return VERSIONS.getProperty(key);
    }

    /** The largest multiple of 0.01 at or below {@code value}: a threshold the measurement passes. */
    static double thresholdBelow(double value) {
        return Math.max(0, Math.floor(value * 100 + 1e-9) / 100);
    }

    /** A Java class name from a model file name: {@code my-model_v2.pt} -> {@code MyModelV2RobustnessTest}. */
    static String testClassName(String modelFile) {
        String base = modelFile.replaceFirst("\\.[^.]*$", "");
        StringBuilder b = new StringBuilder();
        boolean upper = true;
        for (char c : base.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (b.length() == 0 || !Character.isJavaIdentifierStart(b.charAt(0))) {
            b.insert(0, "Model");
        }
        return b + "RobustnessTest";
    }

    static String testClass(String pkg, String className, Gates g, String date) {
        String threat = g.norm().equals("l2") ? "l2" : "linf";
        String shape = String.join(
                ", ",
                java.util.Arrays.stream(g.inputShape())
                        .mapToObj(Integer::toString)
                        .toList());
        return template("GateTest.java.txt")
                .formatted(
                        pkg,
                        threat,
                        g.model(),
                        date,
                        g.measuredClean(),
                        decimal(g.cleanThreshold()),
                        g.attack(),
                        g.measuredRobust(),
                        decimal(g.robustThreshold()),
                        className,
                        g.modelResource(),
                        shape,
                        decimal(g.min()),
                        decimal(g.max()),
                        g.classes(),
                        g.dataResource(),
                        g.limit(),
                        decimal(g.eps()));
    }

    static String pom(String groupId, String artifactId) {
        return template("pom.xml.txt")
                .formatted(
                        groupId,
                        artifactId,
                        version("robustunit"),
                        version("junit"),
                        version("compiler"),
                        version("surefire"),
                        version("junit6"),
                        version("resources"),
                        version("jar"));
    }

    static String allureProperties() {
        return "# Where allure-junit5 writes results; mvn robustunit:report renders them.\n"
                + "allure.results.directory=target/allure-results\n";
    }

    static String baselinesReadme() {
        return template("baselines-README.md.txt");
    }

    static String decimal(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
