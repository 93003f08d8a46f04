package io.robustunit.io;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apiguardian.api.API;

/**
 * Content digests of files, used to identify the exact model a report was made for.
 *
 * <pre>{@code
 * String hash = FileDigests.sha256(Path.of("model.pt"));   // 64 lower-case hex digits
 * }</pre>
 */
@API(status = STABLE, since = "0.1")
public final class FileDigests {

    private FileDigests() {}

    /**
     * The SHA-256 of a file's content as 64 lower-case hex digits.
     *
     * @throws IOException naming the file if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new IOException("cannot compute the SHA-256 of " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether {@code text} looks like a SHA-256: 64 hex digits. */
    public static boolean isSha256(String text) {
        return text != null && text.matches("[0-9a-fA-F]{64}");
    }
}
