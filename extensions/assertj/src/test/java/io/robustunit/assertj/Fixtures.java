package io.robustunit.assertj;

import ai.djl.ndarray.types.Shape;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The TorchScript fixtures and the 200-image Fashion-MNIST subset on the test classpath. */
final class Fixtures {

    static final InputContract FASHION = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);

    private Fixtures() {}

    static Classifier model(String name) throws Exception {
        return Classifiers.torchScript(resource("models/" + name), FASHION);
    }

    static LabeledImages test200() throws Exception {
        return FashionMnist.load(resource("fashion-mnist-200"), FashionMnist.Split.TEST);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
    }
}
