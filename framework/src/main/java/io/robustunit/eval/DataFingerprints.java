package io.robustunit.eval;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.cache.DatasetFingerprint;
import io.robustunit.data.LabeledImages;
import org.apiguardian.api.API;

/**
 * The digest a report records of the data it was evaluated on: {@link DatasetFingerprint}'s SHA-256
 * over the dataset's name and, per image in dataset-index order, its index, label and pixel values.
 * Two loads of the same selection give the same digest whatever their order (reports are keyed by
 * dataset index); another file, subset or scaling does not.
 */
@API(status = INTERNAL, since = "0.1")
public final class DataFingerprints {

    private DataFingerprints() {}

    /** The hex SHA-256 of {@code data}. */
    public static String sha256(LabeledImages data) {
        return DatasetFingerprint.of(data).sha256();
    }
}
