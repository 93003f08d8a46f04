package io.robustunit.eval;

import io.robustunit.data.LabeledImages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest a report records of the data it was evaluated on: SHA-256 over the dataset's name
 * and, per image in order, its dataset index, label and pixel values. Two loads of the same
 * selection of the same files give the same digest; another file, subset, order or scaling does not.
 */
public final class DataFingerprints {

    private DataFingerprints() {}

    /** The hex SHA-256 of {@code data}. */
    public static String sha256(LabeledImages data) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        digest.update(data.name().getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.allocate(Float.BYTES * (int) data.imageShape().size() + 8);
        for (int i = 0; i < data.size(); i++) {
            buffer.clear();
            buffer.putInt(data.datasetIndex(i)).putInt(data.label(i));
            for (float v : data.image(i)) {
                buffer.putFloat(v);
            }
            digest.update(buffer.array(), 0, buffer.position());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
