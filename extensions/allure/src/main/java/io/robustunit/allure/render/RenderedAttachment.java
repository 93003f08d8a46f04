package io.robustunit.allure.render;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a renderer produces: the bytes of an attachment with its display name, MIME type and file
 * extension (without the dot).
 *
 * @param name the name shown in the report, e.g. {@code robustness curve}
 * @param mimeType e.g. {@code image/png}
 * @param extension e.g. {@code png}
 * @param content the bytes
 */
@API(status = INTERNAL, since = "0.1")
public record RenderedAttachment(String name, String mimeType, String extension, byte[] content) {

    public RenderedAttachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(extension, "extension");
        content = Objects.requireNonNull(content, "content").clone();
    }

    /** A UTF-8 text attachment. */
    public static RenderedAttachment text(String name, String mimeType, String extension, String text) {
        return new RenderedAttachment(name, mimeType, extension, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content decoded as UTF-8 (for text attachments). */
    public String contentAsText() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedAttachment a
                && name.equals(a.name)
                && mimeType.equals(a.mimeType)
                && extension.equals(a.extension)
                && Arrays.equals(content, a.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mimeType, extension, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "RenderedAttachment[" + name + ", " + mimeType + ", ." + extension + ", " + content.length + " bytes]";
    }
}
