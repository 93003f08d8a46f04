package io.robustunit.assertj.error;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.ClassAccuracy;
import io.robustunit.eval.RobustnessReport;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What a gate measured, in words: the model, the attack (its full description) and the images.
 *
 * @param model the model's name, e.g. {@code fashion-mnist-natural.pt}
 * @param attack the attack with every setting, e.g. {@code PGD(Linf eps=0.100, 20 steps, ...)}
 * @param population the images, e.g. {@code 1,000 Fashion-MNIST test images}
 */
@API(status = INTERNAL, since = "0.1")
public record GateSubject(String model, String attack, String population) {

    /** The whole report's images. */
    public static GateSubject of(RobustnessReport report) {
        return new GateSubject(report.modelName(), report.attackDescription(), images(report));
    }

    /** One class of the report, e.g. {@code the 96 'Coat' images (class 4) of 1,000 Fashion-MNIST test images}. */
    public static GateSubject of(RobustnessReport report, ClassAccuracy c) {
        return new GateSubject(
                report.modelName(),
                report.attackDescription(),
                String.format(
                        Locale.ENGLISH,
                        "the %,d '%s' images (class %d) of %s",
                        c.samples(),
                        c.className(),
                        c.label(),
                        images(report)));
    }

    private static String images(RobustnessReport report) {
        return String.format(Locale.ENGLISH, "%,d %s images", report.sampleCount(), report.datasetName());
    }
}
