package io.robustunit.junit5;

import io.robustunit.data.FashionMnist;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects labelled images into a field or parameter of type {@link io.robustunit.data.LabeledImages}.
 *
 * <p>Without {@link #directory()} or {@link #resource()}, the Fashion-MNIST split comes from the
 * configured location (see {@link FashionMnist#locate()}). A directory or classpath folder must
 * hold IDX files named like Fashion-MNIST's ({@code t10k-images-idx3-ubyte.gz},
 * {@code t10k-labels-idx1-ubyte.gz}, {@code train-...}), gzipped or not. A loaded split is kept
 * for the whole test run, so many classes reading it load it once.
 *
 * <pre>{@code
 * @EvaluationData(limit = 1000, stratified = true, seed = 42)
 * static LabeledImages test;                                 // 1,000 test images, 100 per class
 *
 * @EvaluationData(resource = "fashion-mnist-1000", split = Split.TEST)
 * static LabeledImages small;
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EvaluationData {

    /** Which split. */
    FashionMnist.Split split() default FashionMnist.Split.TEST;

    /** A folder of IDX files, relative to the working directory. */
    String directory() default "";

    /** A folder of IDX files on the test classpath. */
    String resource() default "";

    /** At most this many images (all by default). */
    int limit() default Integer.MAX_VALUE;

    /** Take a class-stratified random subset of {@link #limit()} images instead of the first ones. */
    boolean stratified() default false;

    /** Seed of the stratified subset. */
    long seed() default 0L;
}
