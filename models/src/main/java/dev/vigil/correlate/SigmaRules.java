package dev.vigil.correlate;

import dev.vigil.sigma.CorrelationRule;
import dev.vigil.sigma.DetectionRule;
import dev.vigil.sigma.FieldMapping;
import dev.vigil.sigma.SigmaEvent;
import dev.vigil.sigma.SigmaLoader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded rule set, arranged for evaluation: which correlations consume the matches of each rule, with
 * which group-by and value fields, and at which depth of a correlation chain. A detection rule that no
 * correlation consumes (or one whose correlation says {@code generate: true}) raises incidents of its own:
 * it is given an implicit correlation "event_count >= 1 by host.name", so every incident takes one path.
 */
public final class SigmaRules {
    /** Where a match of one rule goes. */
    public record Route(CorrelationRule correlation, List<String> groupFields, String valueField) {}

    /** Suffix of the implicit correlation of a standalone detection rule (its incidents carry the rule's own id). */
    public static final String STANDALONE = "#self";

    private final SigmaLoader.Result loaded;
    private final List<DetectionRule> active;
    private final Map<String, List<Route>> routes = new HashMap<>();
    private final Map<String, CorrelationRule> correlations = new HashMap<>();
    private final Map<String, Integer> depth = new HashMap<>();
    private final Duration suppression;
    private final Map<String, List<String>> names = new HashMap<>();
    /** Correlations whose own incidents are not reported: consumed by another correlation without generate. */
    private final java.util.Set<String> silent = new java.util.HashSet<>();

    private SigmaRules(SigmaLoader.Result loaded, Duration suppression) {
        this.loaded = loaded;
        this.suppression = suppression;
        List<DetectionRule> act = new ArrayList<>();
        Map<String, Boolean> consumed = new HashMap<>();
        for (CorrelationRule c : loaded.correlations()) {
            correlations.put(c.id(), c);
            int d = 1;
            for (String ref : c.rules()) {
                d = Math.max(d, depth.getOrDefault(ref, 0) + 1);
                routes.computeIfAbsent(ref, k -> new ArrayList<>())
                        .add(new Route(c, c.groupBy().get(ref), c.field().get(ref)));
                if (!c.generate()) {
                    consumed.putIfAbsent(ref, true);
                } else {
                    consumed.put(ref, false);
                }
            }
            depth.put(c.id(), d);
        }
        for (DetectionRule r : loaded.detections()) {
            depth.put(r.id(), 0);
            if (!r.active()) {
                continue;
            }
            act.add(r);
            if (!consumed.getOrDefault(r.id(), false)) {
                CorrelationRule own = new CorrelationRule(r.id() + STANDALONE, r.name(), r.title(), r.level(), r.tags(), "event_count",
                        List.of(r.id()), Map.of(r.id(), List.of("host.name")), List.of("host.name"), Duration.ofSeconds(1),
                        Map.of("gte", 1.0), Map.of(), false, r.file());
                correlations.put(own.id(), own);
                depth.put(own.id(), 1);
                routes.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(0, new Route(own, List.of("host.name"), null));
            }
        }
        this.active = List.copyOf(act);
        correlations.put(THREAT_INTEL.id(), THREAT_INTEL);
        depth.put(THREAT_INTEL.id(), 1);
        correlations.put(EXFILTRATION.id(), EXFILTRATION);
        depth.put(EXFILTRATION.id(), 1);
        for (CorrelationRule c : loaded.correlations()) {
            if (consumed.getOrDefault(c.id(), false)) {
                silent.add(c.id());
            }
        }
        for (String id : correlations.keySet()) {
            names.put(id, computeNames(id));
        }
        for (DetectionRule d : loaded.detections()) {
            names.putIfAbsent(d.id(), computeNames(d.id()));
        }
    }

    /**
     * Whether a correlation's own incidents are reported. Sigma's {@code generate: false} (the default)
     * means the rules a correlation refers to do not report on their own; a correlation that another one
     * consumes still runs (its matches feed the other) but raises no incidents, unless a consumer says
     * {@code generate: true}.
     */
    public boolean reported(String correlationId) {
        return !silent.contains(correlationId);
    }

    /** The rule behind threat-intelligence incidents: an event that carries an indicator, grouped by the indicator. */
    public static final CorrelationRule THREAT_INTEL = new CorrelationRule("vigil_threat_intel" + STANDALONE, "vigil_threat_intel",
            "Threat intelligence match", "high", List.of("attack.command-and-control"), "event_count",
            List.of("vigil_threat_intel"), Map.of("vigil_threat_intel", List.of("threat.indicator")), List.of("threat.indicator"),
            Duration.ofSeconds(1), Map.of("gte", 1.0), Map.of(), false, "builtin");

    /** The rule behind exfiltration incidents: outbound bytes far above the host's baseline (see RateBaseline). */
    public static final CorrelationRule EXFILTRATION = new CorrelationRule("vigil_exfiltration" + STANDALONE, "vigil_exfiltration",
            "Outbound transfer far above baseline", "high", List.of("attack.exfiltration", "attack.t1041"), "event_count",
            List.of("vigil_exfiltration"), Map.of("vigil_exfiltration", List.of("host.name")), List.of("host.name"),
            Duration.ofSeconds(1), Map.of("gte", 1.0), Map.of(), false, "builtin");

    /** The id of a rule as users may name it (id or name), to find its run-time overrides. */
    public List<String> namesOf(String ruleOrCorrelationId) {
        List<String> n = names.get(ruleOrCorrelationId);
        return n != null ? n : computeNames(ruleOrCorrelationId);
    }

    private List<String> computeNames(String ruleOrCorrelationId) {
        String id = ruleIdOf(ruleOrCorrelationId);
        CorrelationRule c = correlations.get(ruleOrCorrelationId);
        List<String> names = new ArrayList<>(List.of(id));
        if (c != null && c.name() != null && !c.name().equals(id)) {
            names.add(c.name());
        }
        for (DetectionRule d : loaded.detections()) {
            if (d.id().equals(id) && d.name() != null) {
                names.add(d.name());
            }
        }
        return List.copyOf(names);
    }


    /** Compiles rule texts (file name to YAML) with a field mapping; rules that fail to load are in {@link #loaded()}. */
    public static SigmaRules compile(Map<String, String> texts, FieldMapping mapping, Duration suppression) {
        return new SigmaRules(SigmaLoader.loadTexts(texts, mapping), suppression);
    }

    public SigmaLoader.Result loaded() {
        return loaded;
    }

    /** Detection rules that can match some event Vigil ingests. */
    public List<DetectionRule> activeDetections() {
        return active;
    }

    public List<Route> routes(String ruleId) {
        return routes.getOrDefault(ruleId, List.of());
    }

    public CorrelationRule correlation(String id) {
        return correlations.get(id);
    }

    /** 1 for correlations over detection rules, 2 for correlations over those, and so on. */
    public int depth(String correlationId) {
        return depth.getOrDefault(correlationId, 1);
    }

    public int maxDepth() {
        int max = 1;
        for (String id : correlations.keySet()) {
            max = Math.max(max, depth(id));
        }
        return max;
    }

    public Duration suppression() {
        return suppression;
    }

    /** The incident id's rule: the correlation's id, or the detection rule's id for its implicit correlation. */
    public static String ruleIdOf(String correlationId) {
        return correlationId.endsWith(STANDALONE) ? correlationId.substring(0, correlationId.length() - STANDALONE.length()) : correlationId;
    }

    /** The group key of an event for a route: the group-by values as a JSON object text, in the rule's order. */
    public static String groupKey(CorrelationRule c, List<String> fields, SigmaEvent e) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < fields.size(); i++) {
            String v = e.field(fields.get(i));
            b.append(i == 0 ? "" : ",");
            appendJsonString(b, c.groupNames().get(i)).append(':');
            if (v == null) {
                b.append("null");
            } else {
                appendJsonString(b, v);
            }
        }
        return b.append('}').toString();
    }

    /** A one-field JSON object text, escaped. */
    public static String jsonObject(String key, String value) {
        StringBuilder b = new StringBuilder("{");
        appendJsonString(b, key).append(':');
        return appendJsonString(b, value).append('}').toString();
    }

    static StringBuilder appendJsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
