package dev.vigil.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.eval.ForecastEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil eval forecast}: Vigil's exhaustion forecasts side by side with the node_exporter mixin's
 * NodeFilesystemSpaceFillingUp rule (predict_linear, computed as Prometheus does) on the same samples:
 * lead time before the real exhaustion, false alarms on filesystems that never fill, ETA error.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {"Compare Vigil's filesystem exhaustion forecasts with the node-mixin predict_linear rule.",
            "Without --input, generates the forecasting scenarios (slow and fast fills, daily cycle, reclaim cycles,",
            "log-rotation sawtooth, cleaned burst, stable high usage) with their ground truth."})
public final class EvalForecastCommand implements Callable<Integer> {
    @Option(names = "--input", arity = "1..*", description = "Prometheus JSON files (node_filesystem_avail_bytes and _size_bytes).")
    List<Path> input;

    @Option(names = "--truth", description = "Ground truth: {\"series\":[{\"host\":..,\"mountpoint\":..,\"kind\":..,\"exhausts_at\":ISO or null}]}.")
    Path truth;

    @Option(names = "--write-scenarios", description = "Also write the generated scenarios (metrics.jsonl, truth.json) to this folder.")
    Path writeTo;

    @Option(names = "--seed", defaultValue = "5", description = "Seed of the generated scenarios (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seeds", defaultValue = "1", description = "Generate this many scenario sets, seeds --seed, --seed+1, ...,"
            + " and summarise over all of them (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;


    @Override
    public Integer call() throws Exception {
        ForecastEvaluation.Result result = ForecastEvaluation.run(input, truth, writeTo, seed, seeds);
        List<ObjectNode> rows = result.series();
        List<ObjectNode> memoryRows = result.memory();
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = result.summary();
        if (format.equals("json")) {
            ObjectNode root = json.createObjectNode();
            ArrayNode a = root.putArray("series");
            rows.forEach(a::add);
            ArrayNode m = root.putArray("memory");
            memoryRows.forEach(m::add);
            root.set("summary", summary);
            System.out.println(json.writeValueAsString(root));
        } else {
            System.out.printf("%-20s %-17s | %-22s %-22s | %-22s %-22s | %s%n", "kind", "exhausts", "mixin warning lead", "mixin critical lead",
                    "vigil warning lead", "vigil critical lead", "ETA error (vigil / predict_linear)");
            for (ObjectNode r : rows) {
                System.out.printf("%-20s %-17s | %-22s %-22s | %-22s %-22s | %s / %s%n", r.path("kind").asText(), r.path("exhausts").asText(),
                        r.path("mixin_warning").asText(), r.path("mixin_critical").asText(), r.path("vigil_warning").asText(),
                        r.path("vigil_critical").asText(), r.path("vigil_eta_mape").asText(), r.path("mixin_eta_mape").asText());
            }
            if (!memoryRows.isEmpty()) {
                System.out.printf("%n%-20s %-17s | %-30s | %-30s%n", "memory kind", "OOM", "predict_linear(rss[6h], 12h) > limit, for 1h",
                        "Vigil leak detector");
                for (ObjectNode r : memoryRows) {
                    System.out.printf("%-20s %-17s | %-30s | %-30s%n", r.path("kind").asText(), r.path("oom").asText(),
                            r.path("predict_linear").asText(), r.path("vigil").asText());
                }
            }
            System.out.printf("%n%d filesystems (%d never fill): false alarms mixin %d, Vigil %d; median lead on fills, mixin critical %s,"
                    + " Vigil critical %s, Vigil warning %s; on slow fills, mixin warning %s, Vigil warning %s%n",
                    summary.path("series").asInt(), summary.path("never_fill").asInt(), summary.path("mixin_false_alarms").asInt(),
                    summary.path("vigil_false_alarms").asInt(), ForecastEvaluation.hours(summary.path("mixin_critical_median_lead_h")),
                    ForecastEvaluation.hours(summary.path("vigil_critical_median_lead_h")), ForecastEvaluation.hours(summary.path("vigil_warning_median_lead_h")),
                    ForecastEvaluation.hours(summary.path("mixin_warning_slow_fill_median_lead_h")), ForecastEvaluation.hours(summary.path("vigil_warning_slow_fill_median_lead_h")));
            System.out.printf(Locale.ROOT, "confidence (model %s): Brier score %.3f over %d forecasts that claim exhaustion within a week;"
                    + " the best constant scores %.3f%n", result.confidence(), summary.path("confidence_brier").asDouble(),
                    summary.path("confidence_claims").asInt(), summary.path("constant_brier").asDouble());
        }
        return 0;
    }

}
