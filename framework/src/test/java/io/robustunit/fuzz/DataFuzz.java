package io.robustunit.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.statistics.Statistics;

/** Shared pieces of the data readers' fuzz properties. */
final class DataFuzz {

    private DataFuzz() {}

    static void collect(OutsideBytesContract.Outcome<?> outcome) {
        Statistics.collect(outcome.accepted() ? "read" : "rejected");
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
