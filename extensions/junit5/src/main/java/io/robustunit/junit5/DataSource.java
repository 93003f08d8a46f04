package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.data.DataRequest;
import io.robustunit.data.LabeledImages;
import org.apiguardian.api.API;

/**
 * Loads evaluation data in a way {@link EvaluationData} does not cover (a custom file format, a
 * database, images built in code). Implementations need a public no-argument constructor.
 *
 * <pre>{@code
 * public class CsvImages implements DataSource {
 *     public LabeledImages load(DataRequest request) throws IOException {
 *         float[] pixels = ...; int[] labels = ...;
 *         return LabeledImages.of("my csv", new int[] {1, 8, 8}, List.of("a", "b"), pixels, labels, null);
 *     }
 * }
 *
 * @EvaluationData(source = CsvImages.class)
 * static LabeledImages data;
 * }</pre>
 */
@FunctionalInterface
@API(status = STABLE, since = "0.1")
public interface DataSource {

    /**
     * Loads the whole split; {@link EvaluationData#limit()} and stratification are applied afterwards.
     *
     * @param request the split, class names and name declared on the annotation
     */
    LabeledImages load(DataRequest request) throws Exception;

    /** The default of {@link EvaluationData#source()}: no source class, read files. */
    final class None implements DataSource {
        private None() {}

        @Override
        public LabeledImages load(DataRequest request) {
            throw new UnsupportedOperationException("not a data source");
        }
    }
}
