package io.robustunit.allure.render;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.eval.AdversarialExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What the example grid shows for inputs that are not images (feature vectors {@code [F]}): per
 * broken sample, its labels and the features the attack changed most, as CSV.
 */
@API(status = INTERNAL, since = "0.1")
public final class FeatureChangesTable {

    public static final String NAME = "adversarial examples (largest feature changes)";

    static final int TOP = 5;

    /** Whether the examples are feature vectors rather than images the grid can draw. */
    public static boolean applies(List<AdversarialExample> examples) {
        return !examples.isEmpty() && examples.get(0).shape().length == 1;
    }

    public RenderedAttachment render(List<AdversarialExample> examples, List<String> classNames) {
        StringBuilder csv = new StringBuilder(
                "dataset_index,true,clean_prediction,adversarial_prediction," + "largest_changes (feature:delta)\n");
        for (AdversarialExample e : examples) {
            float[] o = e.original();
            float[] a = e.adversarial();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < o.length; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs((double) a[i] - o[i])));
            StringBuilder changes = new StringBuilder();
            for (int k = 0; k < Math.min(TOP, order.size()); k++) {
                int i = order.get(k);
                changes.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "f%d:%+.4g", i, a[i] - o[i]));
            }
            csv.append(e.datasetIndex())
                    .append(',')
                    .append(name(e.trueLabel(), classNames))
                    .append(',')
                    .append(name(e.cleanPrediction(), classNames))
                    .append(',')
                    .append(name(e.adversarialPrediction(), classNames))
                    .append(",\"")
                    .append(changes)
                    .append("\"\n");
        }
        return RenderedAttachment.text(NAME, "text/csv", "csv", csv.toString());
    }

    private static String name(int label, List<String> classNames) {
        String n = label >= 0 && label < classNames.size() ? classNames.get(label) : String.valueOf(label);
        return n.replace(',', ' ').replace('"', '\'');
    }
}
