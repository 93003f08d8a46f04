package io.robustunit.junit5;

import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.robustunit.junit5.samples.MisconfiguredSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MisconfigurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            MissingFile       | @TrainedModel on field MissingFile.model: model file no/such/model.pt does not exist (resolved to
            UnsupportedType   | @TrainedModel on field UnsupportedType.model: unsupported type java.lang.String; declare it as io.robustunit.model.Classifier or io.robustunit.model.TrainableClassifier
            SharedButNotStatic| @TrainedModel(shared = true) on field SharedButNotStatic.model requires a static field
            TwoSources        | @TrainedModel on field TwoSources.model must give exactly one of path, resource or source, but gives 2
            NoSource          | @TrainedModel on field NoSource.model must give exactly one of path, resource or source, e.g. @TrainedModel(resource = "models/model.pt")
            MissingResource   | @TrainedModel on field MissingResource.model: classpath resource models/nothing-here.pt not found
            NotTrainable      | @TrainedModel on field NotTrainable.model: io.robustunit.junit5.samples.CountingSource returned a model that is not a TrainableClassifier
            WrongContract     | @TrainedModel on field WrongContract.model:
            DataOfWrongType   | @EvaluationData on field DataOfWrongType.data: unsupported type [I; declare it as io.robustunit.data.LabeledImages
            MissingDataFolder | @EvaluationData on field MissingDataFolder.data: directory no/such/folder does not exist
            """)
    void aMisconfiguredFieldFailsTheClassBeforeAnyTestNamingTheField(String sample, String expected) throws Exception {
        Class<?> type = Class.forName(MisconfiguredSamples.class.getName() + "$" + sample);

        Kit.run(type)
                .allEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                container(type),
                                finishedWithFailure(
                                        instanceOf(ExtensionConfigurationException.class),
                                        message(m -> m.startsWith(expected.strip())))));
        Kit.run(type).testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void aWrongContractReportsTheProbeFailure() {
        Kit.run(MisconfiguredSamples.WrongContract.class)
                .allEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                container(MisconfiguredSamples.WrongContract.class),
                                finishedWithFailure(message(m -> m.contains("linear-fashion.pt")
                                        && m.contains("probe batch of shape (2, 3, 32, 32)")))));
    }

    @Test
    void anAnnotatedParameterOfWrongTypeFailsItsTestNamingTheParameter() {
        Kit.run(MisconfiguredSamples.ParameterOfWrongType.class)
                .testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("test"),
                                finishedWithFailure(
                                        instanceOf(ParameterResolutionException.class),
                                        message(m -> m.startsWith(
                                                "@TrainedModel on parameter model of ParameterOfWrongType.test():"
                                                        + " unsupported type java.lang.String")))));
    }
}
