package io.robustunit.cli;

import io.robustunit.eval.ReportFormatException;
import io.robustunit.eval.RobustnessReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code robustunit merge a.json b.json ... [--json all.json]}: merges the shard reports of one
 * evaluation ({@code robustunit evaluate ... --shard i/k}) after checking that they fit (same model
 * digest, data fingerprint, attack, threat model and seed; one cut; each shard once; disjoint;
 * covering the selection) and prints the summary of the whole evaluation.
 */
final class MergeCommand implements Command {

    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String summary() {
        return "merge the shard reports of one evaluation into the report of the whole";
    }

    @Override
    public String usage() {
        return "Usage: robustunit merge SHARD.json SHARD.json ... [--json FILE]\n\n"
                + "Checks that the reports are shards of one evaluation (the same model file digest,"
                + " data\nfingerprint, attack with its settings, threat model and seed; one cut i/k;"
                + " each shard\nonce; no sample twice; together every sample of the selection) and"
                + " prints the summary\nof the whole evaluation, the same as an unsharded run"
                + " prints (wall time: the shards'\nsum). Missing shards or samples are named.\n\n"
                + "Options:\n"
                + "  --json FILE   write the merged JSON report here (atomically)\n"
                + "  -h, --help    show this help\n"
                + "\nExample:\n"
                + "  for i in 0 1 2 3; do robustunit evaluate --model model.pt --data fashion-mnist"
                + " --limit 1000 \\\n      --attack pgd --eps 0.1 --shard $i/4 --json shard-$i.json;"
                + " done\n"
                + "  robustunit merge shard-0.json shard-1.json shard-2.json shard-3.json --json"
                + " all.json\n";
    }

    @Override
    public int run(List<String> args, CommandIo io) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            io.out().print(usage());
            return 0;
        }
        List<Path> inputs = new ArrayList<>();
        Path json = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--json") || arg.startsWith("--json=")) {
                if (json != null) {
                    throw new UsageException("option --json is given twice");
                }
                String value = arg.equals("--json")
                        ? (i + 1 < args.size() ? args.get(++i) : "")
                        : arg.substring("--json=".length());
                if (value.isEmpty() || value.startsWith("--")) {
                    throw new UsageException(
                            "option --json needs a value: --json FILE (where to" + " write the merged report)");
                }
                json = Path.of(value);
            } else if (arg.startsWith("-")) {
                throw new UsageException("unknown option '" + arg + "'; merge takes report files" + " and --json FILE");
            } else {
                inputs.add(Path.of(arg));
            }
        }
        if (inputs.isEmpty()) {
            throw new UsageException("give the shard reports to merge: robustunit merge"
                    + " shard-0.json shard-1.json ... [--json all.json]");
        }
        if (json != null && Files.isDirectory(json)) {
            throw new UsageException("option --json: " + json + " is a directory; give a file name");
        }
        List<RobustnessReport> reports = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path input : inputs) {
            if (json != null && Files.exists(json) && Files.isSameFile(input, json)) {
                throw new UsageException(
                        "--json " + json + " is also an input; write the merged" + " report to another file");
            }
            names.add(input.toString());
            try {
                reports.add(RobustnessReport.readJson(input));
            } catch (NoSuchFileException e) {
                throw new UsageException("report " + input + " does not exist");
            } catch (IOException e) {
                throw new IOException("cannot read report " + input + ": " + e.getMessage(), e);
            } catch (ReportFormatException e) {
                throw new IllegalArgumentException(
                        e.getMessage() + "; merge takes the JSON reports of robustunit evaluate --json", e);
            }
        }
        RobustnessReport merged = RobustnessReport.merge(reports, names);
        io.out().print(merged.summary());
        io.out()
                .println("\nMerged " + reports.size() + (reports.size() == 1 ? " report" : " reports") + " covering "
                        + merged.sampleCount() + " samples.");
        if (json != null) {
            merged.writeJson(json);
            io.out().println("JSON report: " + json);
        }
        return 0;
    }
}
