package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Injects a trained model into a field or parameter of type {@link io.robustunit.model.Classifier}
 * or {@link io.robustunit.model.TrainableClassifier}. Give exactly one of {@link #path()},
 * {@link #resource()} or {@link #source()}.
 *
 * <ul>
 *   <li>{@code .pt}, {@code .pth} (or any file without a {@link #block()}): TorchScript written by
 *       {@code torch.jit.save};
 *   <li>a DJL {@code .params} file: give the architecture with {@link #block()};
 *   <li>{@code .onnx}: an ONNX export, run by ONNX Runtime when the optional module
 *       {@code io.robustunit:robustunit-onnx} is on the test classpath (a clear error naming it
 *       otherwise). ONNX models give no gradients: gate them with Square or a transfer attack
 *       from their TorchScript twin.
 * </ul>
 *
 * <p>The input contract is declared here, once: input shape, value range (the data's pixel space,
 * where epsilon is measured), class count, and optionally per-channel {@link #mean()} and
 * {@link #std()} that RobustUnit applies in front of a model that expects normalised inputs but does
 * not normalise them itself. Threat models without a declared range take this one. The default is
 * Fashion-MNIST: one 28x28 channel in [0, 1], 10 classes, no normalisation.
 *
 * <pre>{@code
 * @TrainedModel(resource = "models/fashion-mnist-natural.pt")
 * static Classifier model;                                   // once per class
 *
 * @TrainedModel(path = "build/model.pt", shared = true)
 * static TrainableClassifier shared;                         // once per test run
 *
 * @TrainedModel(path = "cifar.pt", inputShape = {3, 32, 32}, min = -1, max = 1)
 * static Classifier cifar;
 *
 * @TrainedModel(resource = "models/rgb.pt", inputShape = {3, 32, 32},
 *         mean = {0.4914f, 0.4822f, 0.4465f}, std = {0.2470f, 0.2435f, 0.2616f})
 * static Classifier normalisedByRobustUnit;                  // data and epsilon stay in [0, 1]
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = STABLE, since = "0.1")
public @interface TrainedModel {

    /** A model file, relative to the working directory (the module directory under Maven). */
    String path() default "";

    /** A model file on the test classpath, e.g. {@code models/model.pt}. */
    String resource() default "";

    /** A class that loads the model itself. */
    Class<? extends ModelSource> source() default ModelSource.None.class;

    /** The architecture into which a DJL {@code .params} file is loaded. */
    Class<? extends BlockFactory> block() default BlockFactory.None.class;

    /** Shape of one input {@code [C, H, W]}. */
    int[] inputShape() default {1, 28, 28};

    /** Smallest valid input value. */
    float min() default 0f;

    /** Largest valid input value. */
    float max() default 1f;

    /** Number of classes (logits per input). */
    int classes() default 10;

    /** Per-channel means RobustUnit subtracts before the model sees an input (none by default). */
    float[] mean() default {};

    /** Per-channel standard deviations RobustUnit divides by, after subtracting {@link #mean()}. */
    float[] std() default {};

    /**
     * Load the model once per test run and share it with every class that declares the same model
     * (requires a {@code static} field).
     */
    boolean shared() default false;
}
