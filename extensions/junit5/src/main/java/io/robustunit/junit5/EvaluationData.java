package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.data.DataFormat;
import io.robustunit.data.FashionMnist;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Injects labelled images into a field or parameter of type {@link io.robustunit.data.LabeledImages}.
 *
 * <p>Give at most one of {@link #path()}, {@link #resource()} (a file or folder on the test
 * classpath) or {@link #source()}; with none, the Fashion-MNIST split comes from the configured
 * location (see {@link FashionMnist#locate()}). Files and folders are read by
 * {@link io.robustunit.data.Datasets} in the {@link #format()} given, or the one it detects: a
 * folder of class folders of PNG/JPEG/BMP images, IDX files, CIFAR-10/100 binary batches, NumPy
 * {@code .npy}/{@code .npz}. A loaded split is kept for the whole test run, so many classes reading
 * it load it once. The data is checked against the model's {@code @TrainedModel} contract (shape,
 * classes, value range) before any attack.
 *
 * <pre>{@code
 * @EvaluationData(limit = 1000, stratified = true, seed = 42)
 * static LabeledImages test;                                 // 1,000 Fashion-MNIST test images
 *
 * @EvaluationData(resource = "rgb-eval")                     // src/test/resources/rgb-eval/<class>/*.png
 * static LabeledImages rgb;
 *
 * @EvaluationData(path = "data/test.npz", format = DataFormat.NPZ, classes = {"cat", "dog"})
 * static LabeledImages pets;
 *
 * @EvaluationData(source = MyCsvImages.class)                // data no built-in reader knows
 * static LabeledImages custom;
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@API(status = STABLE, since = "0.1")
public @interface EvaluationData {

    /** Which split. */
    FashionMnist.Split split() default FashionMnist.Split.TEST;

    /** A data file or folder in any supported format, relative to the working directory. */
    String path() default "";

    /** A folder of IDX files, relative to the working directory (like {@link #path()}). */
    String directory() default "";

    /** A data file or folder on the test classpath, e.g. {@code rgb-eval} or {@code data/test.npz}. */
    String resource() default "";

    /** The format of {@link #path()} or {@link #resource()}; AUTO detects it. */
    DataFormat format() default DataFormat.AUTO;

    /** A class that loads the data itself, for formats no built-in reader knows. */
    Class<? extends DataSource> source() default DataSource.None.class;

    /**
     * Class names by label. For an image folder they select and order the class folders; for other
     * formats they name the labels (default: from the data, a {@code classes.txt}, or "0".."K-1").
     */
    String[] classes() default {};

    /** The name shown in reports (default: from the data). */
    String name() default "";

    /** At most this many images (all by default). */
    int limit() default Integer.MAX_VALUE;

    /** Take a class-stratified random subset of {@link #limit()} images instead of the first ones. */
    boolean stratified() default false;

    /** Seed of the stratified subset. */
    long seed() default 0L;
}
