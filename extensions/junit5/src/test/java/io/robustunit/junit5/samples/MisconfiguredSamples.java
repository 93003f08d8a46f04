package io.robustunit.junit5.samples;

import io.robustunit.data.LabeledImages;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import io.robustunit.model.TrainableClassifier;
import org.junit.jupiter.api.Test;

/** One mistake per class; each must fail before any test runs, naming the field. */
public final class MisconfiguredSamples {

    private MisconfiguredSamples() {}

    @RobustnessTest
    public static class MissingFile {
        @TrainedModel(path = "no/such/model.pt")
        static Classifier model;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class UnsupportedType {
        @TrainedModel(resource = "models/linear-fashion.pt")
        static String model;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class SharedButNotStatic {
        @TrainedModel(resource = "models/linear-fashion.pt", shared = true)
        Classifier model;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class TwoSources {
        @TrainedModel(path = "model.pt", resource = "models/linear-fashion.pt")
        static Classifier model;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class NoSource {
        @TrainedModel
        static Classifier model;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class MissingResource {
        @TrainedModel(resource = "models/nothing-here.pt")
        static Classifier model;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class NotTrainable {
        @TrainedModel(source = CountingSource.class)
        static TrainableClassifier model;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class WrongContract {
        @TrainedModel(
                resource = "models/linear-fashion.pt",
                inputShape = {3, 32, 32})
        static Classifier model;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class DataOfWrongType {
        @EvaluationData(resource = "fashion-mnist-200")
        static int[] data;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class MissingDataFolder {
        @EvaluationData(directory = "no/such/folder")
        static LabeledImages data;

        @Test
        void never() {}
    }

    @RobustnessTest
    public static class ParameterOfWrongType {
        @Test
        void test(@TrainedModel(resource = "models/linear-fashion.pt") String model) {}
    }
}
