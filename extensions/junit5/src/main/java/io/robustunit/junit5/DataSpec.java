package io.robustunit.junit5;

import io.robustunit.data.DataFormat;
import io.robustunit.data.DataFormatException;
import io.robustunit.data.DataRequest;
import io.robustunit.data.Datasets;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** A validated {@link EvaluationData}: where the images come from and which subset. */
record DataSpec(
        String path,
        String resource,
        DataFormat format,
        Class<? extends DataSource> source,
        List<String> classes,
        String name,
        FashionMnist.Split split,
        int limit,
        boolean stratified,
        long seed) {

    static DataSpec of(EvaluationData annotation, Class<?> type, String where) {
        if (type != LabeledImages.class) {
            throw new ExtensionConfigurationException("@EvaluationData on " + where + ": unsupported type "
                    + type.getName() + "; declare it as " + LabeledImages.class.getName());
        }
        boolean hasPath = !annotation.path().isBlank();
        boolean hasDirectory = !annotation.directory().isBlank();
        boolean hasResource = !annotation.resource().isBlank();
        boolean hasSource = annotation.source() != DataSource.None.class;
        int given = (hasPath ? 1 : 0) + (hasDirectory ? 1 : 0) + (hasResource ? 1 : 0) + (hasSource ? 1 : 0);
        if (given > 1) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + " gives " + given + " of path, directory, resource and"
                            + " source; give one (or none for the installed Fashion-MNIST)");
        }
        if (annotation.limit() < 1) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": limit must be >= 1, was " + annotation.limit());
        }
        if (annotation.stratified() && annotation.limit() == Integer.MAX_VALUE) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": stratified needs a limit (the subset size)");
        }
        if (annotation.format() != DataFormat.AUTO && !hasPath && !hasDirectory && !hasResource) {
            throw new ExtensionConfigurationException("@EvaluationData on " + where + ": format " + annotation.format()
                    + " applies to a path or" + " resource; give one");
        }
        String path = hasPath ? annotation.path() : annotation.directory();
        if (!path.isBlank() && !Files.exists(Path.of(path))) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": " + (hasPath ? "path " : "directory ") + path
                            + " does not exist (resolved to " + Path.of(path).toAbsolutePath()
                            + "); paths are relative to the working directory; for data on the test classpath"
                            + " use resource = \"...\"");
        }
        if (hasResource && ClasspathResources.find(annotation.resource()).isEmpty()) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": classpath resource " + annotation.resource()
                            + " not found (put the data under src/test/resources/" + annotation.resource() + ")");
        }
        List<String> classes = List.of(annotation.classes());
        try {
            request(annotation.format(), classes, annotation.name(), annotation.split());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@EvaluationData on " + where + ": " + e.getMessage(), e);
        }
        return new DataSpec(
                path,
                annotation.resource(),
                annotation.format(),
                annotation.source(),
                classes,
                annotation.name(),
                annotation.split(),
                annotation.limit(),
                annotation.stratified(),
                annotation.seed());
    }

    private static DataRequest request(DataFormat format, List<String> classes, String name, FashionMnist.Split split) {
        DataRequest request = DataRequest.of(format).withSplit(split).withName(name);
        return classes.isEmpty() ? request : request.withClassNames(classes);
    }

    /** The whole split, as the root store caches it. */
    DataSpec wholeSplit() {
        return new DataSpec(path, resource, format, source, classes, name, split, Integer.MAX_VALUE, false, 0L);
    }

    LabeledImages loadWholeSplit(String where) {
        DataRequest request = request(format, classes, name, split);
        try {
            if (source != DataSource.None.class) {
                LabeledImages data = Reflection.instantiate(source, "@EvaluationData on " + where)
                        .load(request);
                if (data == null) {
                    throw new ExtensionConfigurationException(
                            "@EvaluationData on " + where + ": " + source.getName() + " returned no data");
                }
                return data;
            }
            if (!resource.isBlank()) {
                try (ClasspathResources.Located located = ClasspathResources.tree(resource)) {
                    return Datasets.read(located.path(), request);
                }
            }
            if (!path.isBlank()) {
                return Datasets.read(Path.of(path), request);
            }
            LabeledImages fashion = FashionMnist.load(FashionMnist.locate(), split);
            return classes.isEmpty() && name.isBlank()
                    ? fashion
                    : fashion.renamed(
                            name.isBlank() ? fashion.name() : name, classes.isEmpty() ? fashion.classNames() : classes);
        } catch (ExtensionConfigurationException e) {
            throw e;
        } catch (DataFormatException e) {
            throw new ExtensionConfigurationException("@EvaluationData on " + where + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": cannot read " + describe() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ExtensionConfigurationException(
                    "@EvaluationData on " + where + ": loading " + describe() + " failed: " + e, e);
        }
    }

    String describe() {
        if (source != DataSource.None.class) {
            return source.getName();
        }
        if (!resource.isBlank()) {
            return "classpath resource " + resource;
        }
        return path.isBlank() ? "the installed Fashion-MNIST" : path;
    }

    LabeledImages subsetOf(LabeledImages whole) {
        if (limit >= whole.size()) {
            return whole;
        }
        return stratified ? whole.stratified(limit, seed) : whole.first(limit);
    }
}
