package io.robustunit.baseline;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Where baselines live and whether to rewrite them.
 *
 * <ul>
 *   <li>{@value #DIR_PROPERTY}: the folder of baseline files, default {@value #DEFAULT_DIR}
 *       (relative to the working directory, which Maven sets to the module);
 *   <li>{@value #UPDATE_PROPERTY}{@code =true}: record the current results instead of comparing,
 *       e.g. {@code mvn test -Drobustunit.baseline.update=true}, then review and commit the files.
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Baselines {

    public static final String DIR_PROPERTY = "robustunit.baseline.dir";
    public static final String UPDATE_PROPERTY = "robustunit.baseline.update";
    public static final String DEFAULT_DIR = "src/test/resources/robustness-baselines";

    private static final Pattern GATE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private Baselines() {}

    /** The baseline file of {@code gate}: {@code <dir>/<gate>.json}. */
    public static Path file(String gate) {
        if (gate == null || !GATE_NAME.matcher(gate).matches()) {
            throw new IllegalArgumentException("gate name '" + gate
                    + "' must be letters, digits, '.', '_' or '-' (it names a file)," + " e.g. pgd-linf-0.1");
        }
        String dir = System.getProperty(DIR_PROPERTY, DEFAULT_DIR);
        return Path.of(dir).resolve(gate + ".json");
    }

    /** Whether {@value #UPDATE_PROPERTY} is {@code true}. */
    public static boolean updateRequested() {
        return Boolean.parseBoolean(System.getProperty(UPDATE_PROPERTY, "false"));
    }
}
