package io.robustunit.junit5;

import ai.djl.ndarray.types.Shape;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.ModelLoadException;
import io.robustunit.model.Normalization;
import io.robustunit.model.TrainableClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A validated {@link TrainedModel}: where the model comes from and its contract. Equal specs
 * denote the same model, which is what lets {@code shared = true} models be loaded once per run.
 */
record ModelSpec(
        String path,
        String resource,
        Class<? extends ModelSource> source,
        Class<? extends BlockFactory> block,
        List<Integer> inputShape,
        float min,
        float max,
        int classes,
        List<Float> mean,
        List<Float> std,
        boolean trainable) {

    /**
     * Checks the annotation against the annotated element before anything is loaded.
     *
     * @param type the declared type of the field or parameter
     * @param where e.g. {@code field MyTest.model}, used in every error message
     */
    static ModelSpec of(TrainedModel annotation, Class<?> type, String where) {
        if (!type.isAssignableFrom(TrainableClassifier.class)) {
            throw new ExtensionConfigurationException(
                    "@TrainedModel on " + where + ": unsupported type " + type.getName()
                            + "; declare it as " + Classifier.class.getName() + " or "
                            + TrainableClassifier.class.getName());
        }
        boolean hasPath = !annotation.path().isBlank();
        boolean hasResource = !annotation.resource().isBlank();
        boolean hasSource = annotation.source() != ModelSource.None.class;
        int given = (hasPath ? 1 : 0) + (hasResource ? 1 : 0) + (hasSource ? 1 : 0);
        if (given != 1) {
            throw new ExtensionConfigurationException("@TrainedModel on " + where
                    + " must give exactly one of path, resource or source"
                    + (given == 0 ? ", e.g. @TrainedModel(resource = \"models/model.pt\")" : ", but gives " + given));
        }
        if (hasSource && annotation.block() != BlockFactory.None.class) {
            throw new ExtensionConfigurationException(
                    "@TrainedModel on " + where + ": block applies to a .params file, not to a source class");
        }
        InputContract contract = contract(annotation, where);
        if (hasPath) {
            Path file = Path.of(annotation.path());
            if (!Files.isRegularFile(file)) {
                throw new ExtensionConfigurationException(
                        "@TrainedModel on " + where + ": model file " + annotation.path()
                                + " does not exist (resolved to " + file.toAbsolutePath()
                                + "). Paths are relative to the working directory; for a file on the"
                                + " test classpath use resource = \"...\".");
            }
        }
        if (hasResource && ClasspathResources.find(annotation.resource()).isEmpty()) {
            throw new ExtensionConfigurationException(
                    "@TrainedModel on " + where + ": classpath resource " + annotation.resource()
                            + " not found (put it under src/test/resources/" + annotation.resource()
                            + ")");
        }
        String file = hasPath ? annotation.path() : annotation.resource();
        if (!hasSource && file.endsWith(".params") && annotation.block() == BlockFactory.None.class) {
            throw new ExtensionConfigurationException(
                    "@TrainedModel on " + where + ": " + file + " is a DJL parameter file, which holds"
                            + " no architecture; name a BlockFactory with block = ...");
        }
        return new ModelSpec(
                annotation.path(),
                annotation.resource(),
                annotation.source(),
                annotation.block(),
                Arrays.stream(contract.inputShape().getShape())
                        .mapToObj(d -> (int) d)
                        .toList(),
                contract.min(),
                contract.max(),
                contract.numClasses(),
                floats(annotation.mean()),
                floats(annotation.std()),
                type == TrainableClassifier.class);
    }

    private static InputContract contract(TrainedModel annotation, String where) {
        int[] shape = annotation.inputShape();
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new ExtensionConfigurationException("@TrainedModel on " + where
                    + ": inputShape must be positive sizes like {1, 28, 28}," + " was " + Arrays.toString(shape));
        }
        try {
            InputContract contract = InputContract.of(
                    new Shape(Arrays.stream(shape).asLongStream().toArray()),
                    annotation.min(),
                    annotation.max(),
                    annotation.classes());
            if (annotation.mean().length > 0 || annotation.std().length > 0) {
                contract = contract.withNormalization(Normalization.of(annotation.mean(), annotation.std()));
            }
            return contract;
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@TrainedModel on " + where + ": " + e.getMessage(), e);
        }
    }

    /** The same model requested through a field of any supported type (shared models are keyed by it). */
    ModelSpec anyType() {
        return new ModelSpec(path, resource, source, block, inputShape, min, max, classes, mean, std, false);
    }

    InputContract contract() {
        InputContract contract = InputContract.of(
                new Shape(inputShape.stream().mapToLong(Integer::longValue).toArray()), min, max, classes);
        return mean.isEmpty() ? contract : contract.withNormalization(Normalization.of(array(mean), array(std)));
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new java.util.ArrayList<>();
        for (float v : values) {
            out.add(v);
        }
        return List.copyOf(out);
    }

    private static float[] array(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** Loads the model; the returned resource closes it (and deletes any temporary copy). */
    StoredResource<Classifier> load(String where) {
        try {
            if (source != ModelSource.None.class) {
                Classifier model = Reflection.instantiate(source, "@TrainedModel on " + where)
                        .load(contract());
                if (model == null) {
                    throw new ExtensionConfigurationException(
                            "@TrainedModel on " + where + ": " + source.getName() + " returned no model");
                }
                if (trainable && !(model instanceof TrainableClassifier)) {
                    model.close();
                    throw new ExtensionConfigurationException(
                            "@TrainedModel on " + where + ": " + source.getName() + " returned a model that"
                                    + " is not a TrainableClassifier; declare the field as Classifier");
                }
                return new StoredResource<>(model, model);
            }
            ClasspathResources.Located file = resource.isBlank()
                    ? new ClasspathResources.Located(Path.of(path), null)
                    : ClasspathResources.file(resource);
            try {
                Classifier model = block == BlockFactory.None.class
                        ? Classifiers.load(file.path(), contract())
                        : Classifiers.djl(
                                Reflection.instantiate(block, "@TrainedModel on " + where)
                                        .newBlock(),
                                file.path(),
                                contract());
                if (trainable && !(model instanceof TrainableClassifier)) {
                    model.close();
                    throw new ExtensionConfigurationException(
                            "@TrainedModel on " + where + ": " + describe() + " runs on "
                                    + model.runtime() + ", which cannot train; declare the field as "
                                    + Classifier.class.getName());
                }
                return new StoredResource<>(model, () -> {
                    try (file) {
                        model.close();
                    }
                });
            } catch (Exception | Error e) {
                file.close();
                throw e;
            }
        } catch (ExtensionConfigurationException e) {
            throw e;
        } catch (ModelLoadException e) {
            throw new ExtensionConfigurationException("@TrainedModel on " + where + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ExtensionConfigurationException(
                    "@TrainedModel on " + where + ": cannot read " + describe() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ExtensionConfigurationException(
                    "@TrainedModel on " + where + ": loading " + describe() + " failed: " + e, e);
        }
    }

    String describe() {
        if (source != ModelSource.None.class) {
            return source.getName();
        }
        return path.isBlank() ? "classpath resource " + resource : path;
    }
}
