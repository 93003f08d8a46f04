package io.robustunit.eval;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.robustunit.data.LabeledImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Which part of an evaluation a report holds: shard {@code index} of {@code count} (the samples
 * at positions {@code index, index + count, ...} of the evaluated selection, as
 * {@link LabeledImages#shard(int, int)} cuts them) and the dataset indices of the whole selection,
 * so that merging the shards can check that they cover it and name what is missing.
 *
 * @param index the shard, {@code 0 <= index < count}
 * @param count the number of shards
 * @param selection the dataset indices of the whole (unsharded) selection as ascending ranges,
 *     e.g. {@code 0-999} or {@code 3,17-20,95}; see {@link #ranges(int[])}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Shard(int index, int count, String selection) {

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": the shard index must be in 0.."
                    + (count - 1) + " and the count >= 1");
        }
        parse(selection);
    }

    /** Shard {@code index} of {@code count} of {@code whole} (the unsharded selection). */
    public static Shard of(int index, int count, LabeledImages whole) {
        int[] indices = new int[whole.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = whole.datasetIndex(i);
        }
        return new Shard(index, count, ranges(indices));
    }

    /**
     * Parses {@code i/k} (0-based shard index {@code i} of {@code k} shards), e.g. {@code 2/4}.
     *
     * @return {@code {i, k}}
     * @throws IllegalArgumentException naming the expected form
     */
    public static int[] parseSpec(String spec) {
        String s = spec == null ? "" : spec.trim();
        int slash = s.indexOf('/');
        try {
            if (slash > 0) {
                int i = Integer.parseInt(s.substring(0, slash).trim());
                int k = Integer.parseInt(s.substring(slash + 1).trim());
                if (k >= 1 && i >= 0 && i < k) {
                    return new int[] {i, k};
                }
                throw new IllegalArgumentException("'" + spec + "': the shard index i of i/k counts"
                        + " from 0 and must be below k (for " + k + " shards: 0/" + k + " .. "
                        + (k - 1) + "/" + k + ")");
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "'" + spec + "' is not i/k (0-based shard index / number of shards, e.g. 0/4)");
    }

    /** {@code i/k}. */
    public String spec() {
        return index + "/" + count;
    }

    /** The dataset indices of the whole selection, in ascending order. */
    public int[] selectionIndices() {
        return parse(selection);
    }

    /** Ascending ranges of {@code indices} (sorted and de-duplicated first), e.g. {@code 0-9,12,20-29}. */
    public static String ranges(int[] indices) {
        int[] sorted = Arrays.stream(indices).sorted().distinct().toArray();
        StringBuilder s = new StringBuilder();
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(sorted[i]);
            if (j > i) {
                s.append('-').append(sorted[j]);
            }
            i = j + 1;
        }
        return s.toString();
    }

    /**
     * The indices of a {@link #ranges} string, ascending.
     *
     * @throws IllegalArgumentException if the string is not ascending, non-overlapping ranges
     */
    public static int[] parse(String ranges) {
        if (ranges == null || ranges.isBlank()) {
            throw new IllegalArgumentException("a shard's selection must name at least one index");
        }
        List<int[]> parts = new ArrayList<>();
        long total = 0;
        int previous = -1;
        for (String part : ranges.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-', 1);
            int from;
            int to;
            try {
                from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "selection '" + abbreviate(ranges) + "': '" + p + "' is not an index or a range a-b");
            }
            if (from < 0 || to < from || from <= previous) {
                throw new IllegalArgumentException("selection '" + abbreviate(ranges)
                        + "': ranges must be ascending, non-negative" + " and disjoint, '" + p + "' is not");
            }
            total += (long) to - from + 1;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("selection '" + abbreviate(ranges) + "' is too large");
            }
            parts.add(new int[] {from, to});
            previous = to;
        }
        int[] out = new int[(int) total];
        int k = 0;
        for (int[] r : parts) {
            for (int v = r[0]; v <= r[1]; v++) {
                out[k++] = v;
            }
        }
        return out;
    }

    /** {@code s} cut to 80 characters for messages. */
    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    @Override
    public String toString() {
        return "shard " + spec();
    }
}
