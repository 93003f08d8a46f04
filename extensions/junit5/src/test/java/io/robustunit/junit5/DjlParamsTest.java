package io.robustunit.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.robustunit.junit5.samples.DjlSamples;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.model.TrainableClassifier;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class DjlParamsTest {

    static float[] expected;

    @BeforeAll
    static void writeParameters() throws Exception {
        InputContract contract = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
        try (TrainableClassifier model =
                        Classifiers.djl(new DjlSamples.SoftmaxRegression().newBlock(), "regression", contract);
                NDManager manager = NDManager.newBaseManager()) {
            model.save(Path.of(DjlSamples.PARAMS));
            expected = model.logits(manager.full(new Shape(2, 1, 28, 28), 0.5f)).toFloatArray();
        }
    }

    @Test
    void aParamsFileIsLoadedIntoTheBlockTheFactoryBuilds() {
        DjlSamples.ParamsWithBlock.LOGITS.clear();

        Kit.run(DjlSamples.ParamsWithBlock.class)
                .testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));

        assertThat(DjlSamples.ParamsWithBlock.LOGITS).singleElement().isEqualTo(expected);
    }

    @Test
    void aParamsFileWithoutBlockFactoryIsAConfigurationError() {
        Kit.run(DjlSamples.ParamsWithoutBlock.class)
                .allEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                container(DjlSamples.ParamsWithoutBlock.class),
                                finishedWithFailure(
                                        instanceOf(ExtensionConfigurationException.class),
                                        message("@TrainedModel on field ParamsWithoutBlock.model: " + DjlSamples.PARAMS
                                                + " is a DJL parameter file, which holds no architecture; name a BlockFactory with"
                                                + " block = ..."))));
    }
}
