package io.robustunit.trades;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks, before any training, that results can be written. */
final class Outputs {

    private Outputs() {}

    /** Fails if {@code file} is a directory or its folder cannot be created or written. */
    static void checkWritableFile(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(
                    what + " " + file + " is a directory; give a file path, e.g. " + file.resolve("model.pt"));
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IOException(what + " " + file + " exists and is not writable");
        }
        Path parent = file.toAbsolutePath().getParent();
        checkWritableDirectory(parent, "folder of the " + what);
    }

    /** Creates {@code dir} if needed and proves it writable by creating and deleting a file. */
    static void checkWritableDirectory(Path dir, String what) throws IOException {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".robustunit-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IOException(
                    "Cannot write to the " + what + " " + dir + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); choose a writable location before training starts",
                    e);
        }
    }
}
