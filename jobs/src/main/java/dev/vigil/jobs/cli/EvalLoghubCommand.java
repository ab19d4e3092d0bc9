package dev.vigil.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.eval.LoghubCorpus;
import dev.vigil.eval.LoghubEvaluation;
import dev.vigil.eval.LogAnomalyEvaluation;
import dev.vigil.logs.LogCategories;
import dev.vigil.logs.TemplateActivity;
import dev.vigil.logs.MinerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil eval loghub}: Vigil's template miner on the Loghub benchmark, each system's header format
 * and masking regexes from {@code benchmark_settings.json}, the miner's settings the same for all.
 */
@Command(name = "loghub", mixinStandardHelpOptions = true,
        description = {"Score the log template miner on Loghub: grouping accuracy (GA), parsing accuracy (PA),",
            "pairwise F1 and lines/s per system and on average. Reads DIR/benchmark_settings.json;",
            "ground truth from loghub-2.0/ labels where present, else *_structured_corrected.csv."})
public final class EvalLoghubCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "Loghub folder holding benchmark_settings.json.")
    Path data;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--seconds", defaultValue = "1.0", description = "Minimum time per system for the lines/s figure (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--system", description = "Only these systems (default: all in the settings file).", split = ",")
    List<String> only;

    @Override
    public Integer call() throws Exception {
        MinerSettings settings = MinerSettings.defaults();
        List<LoghubEvaluation.Result> results = new ArrayList<>();
        LogAnomalyEvaluation.Result bgl = null;
        for (LoghubCorpus.LogSystem system : LoghubCorpus.systems(data)) {
            if (only == null || only.contains(system.name())) {
                results.add(LoghubEvaluation.run(system, settings, seconds));
                if (system.name().equals("BGL")) {
                    bgl = LogAnomalyEvaluation.bgl(system, settings, TemplateActivity.Settings.defaults(), LogCategories.bundled());
                }
            }
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no systems to evaluate in " + data.resolve("benchmark_settings.json"));
        }
        double ga = 0;
        double pa = 0;
        double f1 = 0;
        long lines = 0;
        double elapsed = 0;
        for (LoghubEvaluation.Result r : results) {
            ga += r.scores().ga();
            pa += r.scores().pa();
            f1 += r.scores().f1();
            lines += r.lines();
            elapsed += r.lines() / r.linesPerSecond();
        }
        int n = results.size();
        List<LogCategories.CategoryScore> categories = LogCategories.heldOutScores();
        if ("json".equals(format)) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            ObjectNode systems = root.putObject("systems");
            for (LoghubEvaluation.Result r : results) {
                ObjectNode s = systems.putObject(r.system());
                s.put("ga", r.scores().ga());
                s.put("pa", r.scores().pa());
                s.put("f1", r.scores().f1());
                s.put("lines_per_s", Math.round(r.linesPerSecond()));
                s.put("lines_per_s_builtin_masks", Math.round(r.builtInLinesPerSecond()));
                s.put("templates", r.templates());
                s.put("unmatched_headers", r.unmatchedHeaders());
            }
            ObjectNode avg = root.putObject("average");
            avg.put("ga", ga / n);
            avg.put("pa", pa / n);
            avg.put("f1", f1 / n);
            avg.put("lines_per_s", Math.round(lines / elapsed));
            if (bgl != null) {
                ObjectNode b = root.putObject("bgl_log_anomalies");
                b.put("flagged", bgl.flagged());
                b.put("alert_lines", bgl.alertLines());
                b.put("true_positives", bgl.truePositives());
                b.put("precision", bgl.precision());
                b.put("recall", bgl.recall());
            }
            ObjectNode cat = root.putObject("categories_held_out");
            for (LogCategories.CategoryScore c : categories) {
                ObjectNode o = cat.putObject(c.category());
                o.put("templates", c.truth());
                o.put("precision", c.precision());
                o.put("recall", c.recall());
            }
            System.out.println(json.writeValueAsString(root));
        } else if ("text".equals(format)) {
            System.out.printf(Locale.ROOT, "%-10s %7s %7s %7s %10s %14s %9s%n", "system", "GA", "PA", "F1", "lines/s", "built-in only", "templates");
            for (LoghubEvaluation.Result r : results) {
                System.out.printf(Locale.ROOT, "%-10s %7.4f %7.4f %7.4f %10.0f %14.0f %9d%s%n", r.system(), r.scores().ga(), r.scores().pa(),
                        r.scores().f1(), r.linesPerSecond(), r.builtInLinesPerSecond(), r.templates(),
                        r.unmatchedHeaders() == 0 ? "" : "  (" + r.unmatchedHeaders() + " lines did not fit the header format)");
            }
            System.out.printf(Locale.ROOT, "%-10s %7.4f %7.4f %7.4f %10.0f%n", "average", ga / n, pa / n, f1 / n, lines / elapsed);
            if (bgl != null) {
                System.out.printf(Locale.ROOT, "BGL log anomalies: %d lines flagged, %d of %d alert lines: precision %.3f, recall %.3f%n",
                        bgl.flagged(), bgl.truePositives(), bgl.alertLines(), bgl.precision(), bgl.recall());
            }
            System.out.println("Log categories, held-out rows of the labelled set (rules, then the model trained without them):");
            for (LogCategories.CategoryScore c : categories) {
                System.out.printf(Locale.ROOT, "  %-9s %2d templates  precision %.2f  recall %.2f%n", c.category(), c.truth(), c.precision(), c.recall());
            }
        } else {
            throw new IllegalArgumentException("--format must be text or json, not '" + format + "'");
        }
        return 0;
    }
}
