package io.robustunit.junit5;

import io.robustunit.data.FashionMnist;
import io.robustunit.data.IdxFormatException;
import io.robustunit.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** A validated {@link EvaluationData}: where the images come from and which subset. */
record DataSpec(String directory, String resource, FashionMnist.Split split, int limit, boolean stratified, long seed) {

    private static final List<String> IDX_FILES = List.of(
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte");

    static DataSpec of(EvaluationData annotation, Class<?> type, String where) {
        if (type != LabeledImages.class) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": unsupported type " + type.getName()
                            + "; declare it as " + LabeledImages.class.getName());
        }
        if (!annotation.directory().isBlank() && !annotation.resource().isBlank()) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + " gives both directory and resource; give one");
        }
        if (annotation.limit() < 1) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": limit must be >= 1, was " + annotation.limit());
        }
        if (annotation.stratified() && annotation.limit() == Integer.MAX_VALUE) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": stratified needs a limit (the subset size)");
        }
        if (!annotation.directory().isBlank() && !Files.isDirectory(Path.of(annotation.directory()))) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": directory " + annotation.directory()
                            + " does not exist (resolved to " + Path.of(annotation.directory()).toAbsolutePath()
                            + "); paths are relative to the working directory");
        }
        if (!annotation.resource().isBlank() && ClasspathResources.find(annotation.resource()).isEmpty()) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": classpath folder " + annotation.resource()
                            + " not found (put the IDX files under src/test/resources/"
                            + annotation.resource() + ")");
        }
        return new DataSpec(annotation.directory(), annotation.resource(), annotation.split(),
                annotation.limit(), annotation.stratified(), annotation.seed());
    }

    /** The whole split, as the root store caches it. */
    DataSpec wholeSplit() {
        return new DataSpec(directory, resource, split, Integer.MAX_VALUE, false, 0L);
    }

    LabeledImages loadWholeSplit(String where) {
        try {
            if (!resource.isBlank()) {
                try (ClasspathResources.Located dir = ClasspathResources.folder(resource, IDX_FILES)) {
                    return FashionMnist.load(dir.path(), split);
                }
            }
            Path dir = directory.isBlank() ? FashionMnist.locate() : Path.of(directory);
            return FashionMnist.load(dir, split);
        } catch (IdxFormatException e) {
            throw new ExtensionConfigurationException("@EvaluationData on " + where + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    LabeledImages subsetOf(LabeledImages whole) {
        if (limit >= whole.size()) {
            return whole;
        }
        return stratified ? whole.stratified(limit, seed) : whole.first(limit);
    }
}
