package io.robustunit.cache;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.data.LabeledImages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;
import org.apiguardian.api.API;

/**
 * The identity of a dataset by content: its name, size, and a SHA-256 over its dataset indices,
 * labels and pixels, taken in dataset-index order. Two separately loaded copies of the same subset,
 * in any order, have the same fingerprint.
 * Fingerprints are remembered per {@link LabeledImages} instance, so hashing happens once.
 *
 * @param name the dataset's name
 * @param size the number of images
 * @param sha256 hex digest of indices, labels and pixel values
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DatasetFingerprint(String name, int size, String sha256) {

    private static final Map<LabeledImages, DatasetFingerprint> KNOWN = new WeakHashMap<>();

    /** The fingerprint of {@code data}. */
    public static DatasetFingerprint of(LabeledImages data) {
        synchronized (KNOWN) {
            DatasetFingerprint known = KNOWN.get(data);
            if (known != null) {
                return known;
            }
        }
        DatasetFingerprint computed = compute(data);
        synchronized (KNOWN) {
            KNOWN.put(data, computed);
        }
        return computed;
    }

    private static DatasetFingerprint compute(LabeledImages data) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        digest.update(data.name().getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer =
                ByteBuffer.allocate(Float.BYTES * (int) data.imageShape().size() + 8);
        // in dataset-index order: the same samples in another order are the same data (reports are
        // keyed by dataset index), so a reordered selection or a merged set of shards matches
        int[] order = java.util.stream.IntStream.range(0, data.size())
                .boxed()
                .sorted(java.util.Comparator.comparingInt(data::datasetIndex))
                .mapToInt(Integer::intValue)
                .toArray();
        for (int i : order) {
            buffer.clear();
            buffer.putInt(data.datasetIndex(i)).putInt(data.label(i));
            for (float v : data.image(i)) {
                buffer.putFloat(v);
            }
            digest.update(buffer.array(), 0, buffer.position());
        }
        return new DatasetFingerprint(data.name(), data.size(), HexFormat.of().formatHex(digest.digest()));
    }

    @Override
    public String toString() {
        return size + " " + name + " images (" + sha256.substring(0, 12) + ")";
    }
}
