package io.robustunit.data;

import java.nio.file.Path;

/** Wording shared by the data layer's "not found" messages. */
final class PathHints {

    private PathHints() {}

    /** {@code " (relative to /working/dir)"} for a relative path, empty for an absolute one. */
    static String relativeTo(Path path) {
        return path.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")";
    }
}
