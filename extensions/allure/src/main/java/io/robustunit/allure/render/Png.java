package io.robustunit.allure.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes images as PNG attachments. */
final class Png {

    private Png() {}

    static RenderedAttachment attachment(String name, BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JVM has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + name + " as PNG", e);
        }
        return new RenderedAttachment(name, "image/png", "png", out.toByteArray());
    }
}
