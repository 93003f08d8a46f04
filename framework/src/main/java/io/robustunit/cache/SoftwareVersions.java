package io.robustunit.cache;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import ai.djl.engine.Engine;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.model.FixedRowBatches;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apiguardian.api.API;

/**
 * The versions of the code that computed a result: RobustUnit, DJL and the native engine, with
 * the settings that decide the bits of its numbers (forward-call rows, memory layout). A persisted
 * result is only reused by the same versions and settings.
 *
 * @param robustUnit RobustUnit's version
 * @param djl DJL's version
 * @param engine the engine's name and version and RobustUnit's numeric settings, e.g. {@code
 *     PyTorch 2.7.1 (20-row calls, memory format auto)}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SoftwareVersions(String robustUnit, String djl, String engine) {

    private static volatile SoftwareVersions current;

    /** The versions running in this JVM (loads the engine). */
    public static SoftwareVersions current() {
        SoftwareVersions v = current;
        if (v == null) {
            Engine e = RobustUnitEngine.pytorch();
            v = new SoftwareVersions(
                    robustUnitVersion(),
                    Engine.getDjlVersion(),
                    e.getEngineName() + " " + e.getVersion() + " (" + FixedRowBatches.numerics() + ")");
            current = v;
        }
        return v;
    }

    /** RobustUnit's version, from the build (resource {@code robustunit-version.properties}). */
    static String robustUnitVersion() {
        try (InputStream in =
                SoftwareVersions.class.getResourceAsStream("/io/robustunit/cache/robustunit-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.contains("${")) {
                    return v.trim();
                }
            }
        } catch (IOException ignored) {
            // fall through to the manifest
        }
        String v = SoftwareVersions.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }
}
