package io.robustunit.junit5.samples;

import io.robustunit.data.LabeledImages;
import io.robustunit.junit5.EvaluationData;
import io.robustunit.junit5.RobustnessTest;
import io.robustunit.junit5.TrainedModel;
import io.robustunit.model.Classifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

public final class LifecycleSamples {

    private LifecycleSamples() {}

    @RobustnessTest
    public static class StaticAndInstanceFields {
        public static final List<Object> SEEN = new CopyOnWriteArrayList<>();

        @TrainedModel(source = CountingSource.class)
        static Classifier perClass;

        @TrainedModel(source = CountingSource.class)
        Classifier perTest;

        @EvaluationData(resource = "fashion-mnist-200", limit = 10)
        static LabeledImages data;

        Classifier notAnnotated;

        @Test
        void first() {
            SEEN.addAll(List.of(perClass, perTest, data, String.valueOf(notAnnotated)));
        }

        @Test
        void second() {
            SEEN.addAll(List.of(perClass, perTest, data, String.valueOf(notAnnotated)));
        }
    }

    @RobustnessTest
    public static class SharedA {
        public static final List<Object> SEEN = new CopyOnWriteArrayList<>();

        @TrainedModel(source = CountingSource.Shared.class, shared = true)
        static Classifier model;

        @Test
        void reads() {
            SEEN.add(model);
        }
    }

    @RobustnessTest
    public static class SharedB {
        public static final List<Object> SEEN = new CopyOnWriteArrayList<>();

        @TrainedModel(source = CountingSource.Shared.class, shared = true)
        static Classifier model;

        @Test
        void reads() {
            SEEN.add(model);
        }
    }

    @RobustnessTest
    public static class Parameters {
        public static final List<Object> SEEN = new CopyOnWriteArrayList<>();

        @Test
        void first(
                @TrainedModel(source = CountingSource.class) Classifier model,
                @EvaluationData(resource = "fashion-mnist-200", limit = 20, stratified = true, seed = 3)
                        LabeledImages data) {
            SEEN.addAll(List.of(model, data));
        }

        @Test
        void second(@TrainedModel(source = CountingSource.class) Classifier model) {
            SEEN.add(model);
        }
    }
}
