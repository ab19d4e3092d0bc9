package dev.vigil.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.PrometheusJsonDecoder;
import dev.vigil.forecast.FillAlertPolicy;
import dev.vigil.forecast.FillConfidence;
import dev.vigil.forecast.FillForecaster;
import dev.vigil.forecast.Forecast;
import dev.vigil.forecast.LeakDetector;
import dev.vigil.forecast.NodeMixinFilesystemRule;
import dev.vigil.forecast.PredictLinear;
import dev.vigil.model.MetricSample;
import dev.vigil.simulate.ForecastScenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Vigil's exhaustion forecasts side by side with the node_exporter mixin's NodeFilesystemSpaceFillingUp
 * rule (predict_linear, computed as Prometheus does) on the same samples: lead time before the real
 * exhaustion, false alarms on filesystems that never fill, ETA error; and the leak detector against
 * predict_linear on memory. {@code vigil eval forecast} parses its arguments, runs this and prints.
 */
public final class ForecastEvaluation {
    private static final long HOUR = 3_600_000L;
    private static final long[] ETA_POINTS_H = {48, 24, 12, 6, 1};

    /**
     * @param series     one row per filesystem: kind, exhaustion, leads of both rules, ETA errors
     * @param memory     one row per memory scenario (generated scenarios only)
     * @param summary    the yardstick over every filesystem
     * @param confidence the provenance hash of the confidence model used
     */
    public record Result(List<ObjectNode> series, List<ObjectNode> memory, ObjectNode summary, String confidence) {}

    private ForecastEvaluation() {}

    /**
     * @param input   Prometheus JSON files, or null to generate the forecasting scenarios
     * @param truth   the ground truth of {@code input}
     * @param writeTo where to also write the generated scenarios, or null
     */
    public static Result run(List<Path> input, Path truth, Path writeTo, long seed, int seeds) throws IOException, DecodeException {
        Map<String, String> kinds = new TreeMap<>();
        Map<String, Long> exhausts = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        if (input == null) {
            if (seeds < 1 || (writeTo != null && seeds > 1)) {
                throw new IllegalArgumentException("--seeds must be at least 1, and 1 with --write-scenarios");
            }
            ObjectMapper json = new ObjectMapper();
            ArrayNode truthRows = json.createArrayNode();
            for (long sd = seed; sd < seed + seeds; sd++) {
                for (ForecastScenarios.Series s : ForecastScenarios.generate(Instant.parse("2026-11-01T00:00:00Z"), 8, 300_000L, sd)) {
                    // One host per scenario set, so sets never mix.
                    String host = seeds == 1 ? s.host() : s.host() + "-s" + sd;
                    for (String l : s.lines()) {
                        lines.add(seeds == 1 ? l : l.replace("\"" + s.host() + ":9100\"", "\"" + host + ":9100\""));
                    }
                    kinds.put(host + "|/", s.kind());
                    exhausts.put(host + "|/", s.exhaustsAt());
                    ObjectNode r = truthRows.addObject();
                    r.put("host", host).put("mountpoint", "/").put("kind", s.kind());
                    r.put("exhausts_at", s.exhaustsAt() < 0 ? null : Instant.ofEpochMilli(s.exhaustsAt()).toString());
                }
            }
            if (writeTo != null) {
                Files.createDirectories(writeTo);
                Files.write(writeTo.resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8);
                ObjectNode root = json.createObjectNode();
                root.set("series", truthRows);
                Files.writeString(writeTo.resolve("truth.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            }
        } else {
            if (truth == null) {
                throw new IllegalArgumentException("--input needs --truth FILE");
            }
            for (Path f : input) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
            for (JsonNode r : new ObjectMapper().readTree(truth.toFile()).path("series")) {
                String key = r.path("host").asText() + "|" + r.path("mountpoint").asText();
                kinds.put(key, r.path("kind").asText("?"));
                JsonNode at = r.path("exhausts_at");
                exhausts.put(key, at.isNull() || at.isMissingNode() ? -1L : Instant.parse(at.asText()).toEpochMilli());
            }
        }
        Map<String, TreeMap<Long, double[]>> series = read(lines);
        FillConfidence confidence = FillConfidence.bundled();
        List<ObjectNode> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, TreeMap<Long, double[]>> e : series.entrySet()) {
            if (!kinds.containsKey(e.getKey())) {
                continue;
            }
            rows.add(evaluate(json, e.getKey(), kinds.get(e.getKey()), exhausts.get(e.getKey()), e.getValue(), confidence));
        }
        List<ObjectNode> memoryRows = new ArrayList<>();
        for (long sd = seed; input == null && sd < seed + seeds; sd++) {
            memoryRows.addAll(memory(json, sd));
        }
        return new Result(rows, memoryRows, summary(json, rows), confidence.provenanceHash());
    }

    /**
     * The yardstick over every series: false alarms (a warning or critical alert on a series that
     * never fills), median lead of the critical alerts on the fills, and of the warnings on slow fills.
     */
    public static ObjectNode summary(ObjectMapper json, List<ObjectNode> rows) {
        ObjectNode s = json.createObjectNode();
        int never = 0;
        int[] falseAlarms = new int[2];
        int claims = 0;
        int positives = 0;
        double brier = 0;
        List<List<Double>> leads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            leads.add(new ArrayList<>());
        }
        String[] who = {"mixin", "vigil"};
        for (ObjectNode r : rows) {
            boolean fills = !r.path("exhausts").asText().equals("never");
            never += fills ? 0 : 1;
            claims += r.path("confidence_claims").asInt();
            positives += r.path("confidence_positives").asInt();
            brier += r.path("confidence_brier_sum").asDouble();
            for (int w = 0; w < 2; w++) {
                JsonNode warn = r.path(who[w] + "_warning_lead_h");
                JsonNode crit = r.path(who[w] + "_critical_lead_h");
                if (!fills) {
                    falseAlarms[w] += r.path(who[w] + "_warning").asText().equals("FALSE ALARM")
                            || r.path(who[w] + "_critical").asText().equals("FALSE ALARM") ? 1 : 0;
                    continue;
                }
                // A missed fill counts as no lead at all.
                leads.get(w).add(crit.isNumber() ? crit.asDouble() : 0.0);
                leads.get(2 + w).add(warn.isNumber() ? warn.asDouble() : 0.0);
                if (r.path("kind").asText().equals("slow_fill")) {
                    leads.get(4 + w).add(warn.isNumber() ? warn.asDouble() : 0.0);
                }
            }
        }
        s.put("series", rows.size()).put("never_fill", never);
        s.put("mixin_false_alarms", falseAlarms[0]).put("vigil_false_alarms", falseAlarms[1]);
        // Brier score of the confidence, and of the best constant (the claims' own rate, known only afterwards).
        double rate = claims == 0 ? 0 : positives / (double) claims;
        s.put("confidence_claims", claims);
        s.put("confidence_brier", claims == 0 ? Double.NaN : brier / claims);
        s.put("constant_brier", rate * (1 - rate));
        String[] names = {"mixin_critical_median_lead_h", "vigil_critical_median_lead_h", "mixin_warning_median_lead_h",
            "vigil_warning_median_lead_h", "mixin_warning_slow_fill_median_lead_h", "vigil_warning_slow_fill_median_lead_h"};
        for (int i = 0; i < names.length; i++) {
            List<Double> l = leads.get(i);
            if (l.isEmpty()) {
                s.putNull(names[i]);
            } else {
                l.sort(null);
                int n = l.size();
                s.put(names[i], n % 2 == 1 ? l.get(n / 2) : (l.get(n / 2 - 1) + l.get(n / 2)) / 2);
            }
        }
        return s;
    }

    public static String hours(JsonNode h) {
        return h.isNumber() ? human(Duration.ofMinutes(Math.round(h.asDouble() * 60))) : "-";
    }

    /**
     * The memory scenarios: Vigil's {@link LeakDetector} against the naive rule operators write for leaks,
     * {@code predict_linear(process_resident_memory_bytes[6h], 12h) > limit} for 1 h.
     */
    private static List<ObjectNode> memory(ObjectMapper json, long seed) {
        List<ObjectNode> out = new ArrayList<>();
        for (ForecastScenarios.MemorySeries m : ForecastScenarios.memory(Instant.parse("2026-11-01T00:00:00Z"), 9, 60_000L, seed)) {
            int n = m.times().length;
            long end = m.times()[n - 1];
            long naive = -1;
            long activeSince = -1;
            for (long at = m.times()[0]; at <= end; at += 60_000L) {
                double predicted = PredictLinear.predict(m.times(), m.resident(), n, at, NodeMixinFilesystemRule.RANGE_MS, 12 * 3600);
                if (predicted > m.limit()) {
                    activeSince = activeSince < 0 ? at : activeSince;
                    if (at - activeSince >= NodeMixinFilesystemRule.FOR_MS) {
                        naive = at;
                        break;
                    }
                } else {
                    activeSince = -1;
                }
            }
            LeakDetector d = new LeakDetector();
            LeakDetector.Leak found = null;
            for (int i = 0; i < n && found == null; i++) {
                found = d.update(m.times()[i], m.resident()[i], m.limit());
            }
            ObjectNode r = json.createObjectNode();
            r.put("host", m.host()).put("kind", m.kind());
            r.put("oom", m.oomAt() < 0 ? "never" : Instant.ofEpochMilli(m.oomAt()).toString().substring(5, 16));
            r.put("predict_linear", outcome(naive, m.oomAt()));
            r.put("vigil", found == null ? outcome(-1, m.oomAt()) : outcome(found.time(), m.oomAt()) + " (" + found.method() + ")");
            out.add(r);
        }
        return out;
    }

    private static ObjectNode evaluate(ObjectMapper json, String key, String kind, long exhaustsAt, TreeMap<Long, double[]> s,
            FillConfidence confidence) {
        int n = s.size();
        long[] t = new long[n];
        double[] avail = new double[n];
        double[] size = new double[n];
        int i = 0;
        for (Map.Entry<Long, double[]> e : s.entrySet()) {
            t[i] = e.getKey();
            avail[i] = e.getValue()[0];
            size[i] = e.getValue()[1];
            i++;
        }
        long end = exhaustsAt > 0 ? exhaustsAt : t[n - 1];
        long mixinWarn = NodeMixinFilesystemRule.firstFiring(NodeMixinFilesystemRule.WARNING, t, avail, size, n, t[0], end, 60_000L);
        long mixinCrit = NodeMixinFilesystemRule.firstFiring(NodeMixinFilesystemRule.CRITICAL, t, avail, size, n, t[0], end, 60_000L);
        FillForecaster f = new FillForecaster();
        long vigilWarn = -1;
        long vigilCrit = -1;
        List<Forecast> forecasts = new ArrayList<>();
        int warnRun = 0;
        int critRun = 0;
        int claims = 0;
        int positives = 0;
        double brier = 0;
        for (int k = 0; k < n && t[k] <= end; k++) {
            Forecast fc = f.update(t[k], avail[k], size[k]);
            if (fc == null) {
                continue;
            }
            forecasts.add(fc);
            if (FillConfidence.claims(fc)) {
                // How well the confidence predicts whether the resource runs out within a week of the forecast.
                double p = confidence.confidence(fc);
                boolean runsOut = FillConfidence.runsOut(fc, exhaustsAt);
                claims++;
                positives += runsOut ? 1 : 0;
                brier += (p - (runsOut ? 1 : 0)) * (p - (runsOut ? 1 : 0));
            }
            // Three consecutive 5-minute forecasts, as a rule's "for: 15m".
            warnRun = FillAlertPolicy.warning(fc) ? warnRun + 1 : 0;
            critRun = FillAlertPolicy.critical(fc) ? critRun + 1 : 0;
            if (vigilWarn < 0 && warnRun >= 3) {
                vigilWarn = fc.time();
            }
            if (vigilCrit < 0 && critRun >= 3) {
                vigilCrit = fc.time();
            }
        }
        ObjectNode r = json.createObjectNode();
        String[] hm = key.split("\\|");
        r.put("host", hm[0]).put("mountpoint", hm[1]).put("kind", kind);
        r.put("exhausts", exhaustsAt < 0 ? "never" : Instant.ofEpochMilli(exhaustsAt).toString().substring(5, 16));
        r.put("mixin_warning", outcome(mixinWarn, exhaustsAt));
        r.put("mixin_critical", outcome(mixinCrit, exhaustsAt));
        r.put("vigil_warning", outcome(vigilWarn, exhaustsAt));
        r.put("vigil_critical", outcome(vigilCrit, exhaustsAt));
        r.put("confidence_claims", claims).put("confidence_positives", positives).put("confidence_brier_sum", brier);
        putLead(r, "mixin_warning_lead_h", mixinWarn, exhaustsAt);
        putLead(r, "mixin_critical_lead_h", mixinCrit, exhaustsAt);
        putLead(r, "vigil_warning_lead_h", vigilWarn, exhaustsAt);
        putLead(r, "vigil_critical_lead_h", vigilCrit, exhaustsAt);
        r.put("vigil_eta_mape", exhaustsAt < 0 ? "-" : mape(exhaustsAt, forecasts, t, avail, n));
        r.put("mixin_eta_mape", exhaustsAt < 0 ? "-" : mape(exhaustsAt, null, t, avail, n));
        return r;
    }

    private static void putLead(ObjectNode r, String field, long fired, long exhaustsAt) {
        if (fired < 0 || exhaustsAt < 0) {
            r.putNull(field);
        } else {
            r.put(field, (exhaustsAt - fired) / (double) HOUR);
        }
    }

    private static String outcome(long fired, long exhaustsAt) {
        if (fired < 0) {
            return exhaustsAt < 0 ? "quiet (right)" : "missed";
        }
        if (exhaustsAt < 0) {
            return "FALSE ALARM";
        }
        return "lead " + human(Duration.ofMillis(exhaustsAt - fired));
    }

    private static String human(Duration d) {
        long h = d.toHours();
        return h >= 48 ? String.format(Locale.ROOT, "%.1f d", d.toMinutes() / 1440.0) : h + " h " + d.toMinutesPart() + " m";
    }

    /**
     * Median absolute percentage error of the time to exhaustion, at 48, 24, 12, 6 and 1 h before it:
     * Vigil's latest forecast, or, with no forecasts given, the ETA implied by predict_linear over 6 h.
     */
    private static String mape(long exhaustsAt, List<Forecast> forecasts, long[] t, double[] avail, int n) {
        List<Double> errors = new ArrayList<>();
        for (long h : ETA_POINTS_H) {
            long at = exhaustsAt - h * HOUR;
            if (at < t[0]) {
                continue;
            }
            long eta = Long.MAX_VALUE;
            if (forecasts != null) {
                for (Forecast fc : forecasts) {
                    if (fc.time() <= at) {
                        eta = fc.eta();
                    }
                }
            } else {
                double intercept = PredictLinear.predict(t, avail, n, at, NodeMixinFilesystemRule.RANGE_MS, 0);
                double slope = PredictLinear.predict(t, avail, n, at, NodeMixinFilesystemRule.RANGE_MS, 1) - intercept;
                if (slope < 0 && intercept > 0) {
                    eta = at + (long) (intercept / -slope * 1000);
                }
            }
            double truthMs = exhaustsAt - at;
            errors.add(eta == Long.MAX_VALUE ? 1.0 : Math.abs((eta - at) - truthMs) / truthMs);
        }
        if (errors.isEmpty()) {
            return "-";
        }
        errors.sort(null);
        return String.format(Locale.ROOT, "%.0f%%", 100 * errors.get(errors.size() / 2));
    }

    /** avail and size samples per host|mountpoint, through Vigil's own Prometheus JSON decoder. */
    private static Map<String, TreeMap<Long, double[]>> read(List<String> lines) throws DecodeException {
        PrometheusJsonDecoder decoder = new PrometheusJsonDecoder(DecoderOptions.defaults());
        Map<String, TreeMap<Long, double[]>> out = new TreeMap<>();
        CollectingOutput c = new CollectingOutput();
        for (String l : lines) {
            if (l.isBlank()) {
                continue;
            }
            c.metrics.clear();
            decoder.decode(l, Long.MAX_VALUE / 2, c);
            for (MetricSample m : c.metrics) {
                int slot = m.name().equals("node_filesystem_avail_bytes") ? 0 : m.name().equals("node_filesystem_size_bytes") ? 1 : -1;
                if (slot < 0) {
                    continue;
                }
                String key = m.host() + "|" + m.labels().getOrDefault("mountpoint", "");
                out.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(m.time(), k -> new double[] {Double.NaN, Double.NaN})[slot] = m.value();
            }
        }
        for (TreeMap<Long, double[]> s : out.values()) {
            s.values().removeIf(v -> Double.isNaN(v[0]) || Double.isNaN(v[1]));
        }
        return out;
    }
}
