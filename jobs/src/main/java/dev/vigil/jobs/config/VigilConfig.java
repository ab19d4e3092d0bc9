package dev.vigil.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.alert.Comparison;
import dev.vigil.alert.ThresholdRule;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Vigil's configuration: the options of {@link VigilOptions} and the threshold rules, read from a YAML
 * file (nested maps or dotted keys alike) and from {@code --set key=value} overrides. Unknown keys are
 * errors that name the key, so a typo never silently falls back to a default. Values may refer to an
 * environment variable or a file ({@code ${env:NAME}}, {@code ${file:PATH}}) for secrets.
 *
 * @param options    option values (defaults apply to what is not set)
 * @param thresholds the threshold alert rules ({@code alerts.thresholds})
 */
public record VigilConfig(Configuration options, List<ThresholdRule> thresholds) {
    public static final String THRESHOLDS_KEY = "alerts.thresholds";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public VigilConfig {
        thresholds = List.copyOf(thresholds);
        Set<String> names = new HashSet<>();
        for (ThresholdRule r : thresholds) {
            if (!names.add(r.name())) {
                // Alert state is kept per rule name: two rules with one name would share it.
                throw new IllegalArgumentException("two threshold rules are named '" + r.name() + "'; names must be unique");
            }
        }
    }

    public static VigilConfig defaults() {
        return new VigilConfig(new Configuration(), List.of());
    }

    public <T> T get(ConfigOption<T> option) {
        return options.get(option);
    }

    /**
     * A list option as a list: its comma-separated items, trimmed, blanks dropped. Vigil's lists are written
     * with commas as Kafka's and Prometheus's are (Flink's own list options take semicolons).
     */
    public List<String> list(ConfigOption<String> option) {
        return commaSeparated(options.get(option));
    }

    /** The comma-separated items of {@code text}, trimmed, blanks dropped. */
    public static List<String> commaSeparated(String text) {
        List<String> items = new java.util.ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    /**
     * Kafka client properties given under kafka.properties.*, without the prefix. Secret references stay
     * references, handed to Kafka's config providers ({@link SecretRefs#forKafka}): the clients resolve
     * them where they run.
     */
    public Map<String, String> kafkaProperties() {
        Map<String, String> props = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : options.toMap().entrySet()) {
            if (e.getKey().startsWith(VigilOptions.KAFKA_PROPERTIES_PREFIX)) {
                props.put(e.getKey().substring(VigilOptions.KAFKA_PROPERTIES_PREFIX.length()), e.getValue());
            }
        }
        return SecretRefs.forKafka(props);
    }

    /** Loads a YAML file (may be null for none) and applies overrides of the form key=value. */
    public static VigilConfig load(Path file, List<String> overrides) throws IOException {
        Map<String, String> flat = new HashMap<>();
        List<ThresholdRule> rules = new ArrayList<>();
        if (file != null) {
            JsonNode root = YAML.readTree(Files.readString(file));
            if (root != null && !root.isNull() && !root.isMissingNode()) {
                if (!root.isObject()) {
                    throw new IllegalArgumentException(file + ": expected a map of options at the top level");
                }
                flatten("", root, flat, rules, file.toString());
            }
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set expects key=value, got '" + o + "'");
            }
            flat.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        return fromMap(flat, rules);
    }

    static VigilConfig fromMap(Map<String, String> flat, List<ThresholdRule> rules) {
        return fromMap(flat, rules, System::getenv);
    }

    static VigilConfig fromMap(Map<String, String> rawFlat, List<ThresholdRule> rules, java.util.function.Function<String, String> env) {
        Map<String, String> flat = new HashMap<>();
        for (Map.Entry<String, String> e : rawFlat.entrySet()) {
            flat.put(e.getKey(), resolveSecret(e.getKey(), e.getValue(), env));
        }
        Set<String> known = new HashSet<>();
        for (ConfigOption<?> o : VigilOptions.all()) {
            known.add(o.key());
        }
        for (String key : flat.keySet()) {
            if (!known.contains(key) && !key.startsWith(VigilOptions.KAFKA_PROPERTIES_PREFIX)) {
                throw new IllegalArgumentException("unknown option '" + key + "' (see docs/operations.md for the list)");
            }
        }
        Configuration conf = Configuration.fromMap(flat);
        // Read every option once now, so a malformed value fails at load with its key, not mid-job.
        for (ConfigOption<?> o : VigilOptions.all()) {
            try {
                conf.get(o);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option '" + o.key() + "': " + e.getMessage(), e);
            }
        }
        try {
            dev.vigil.forecast.Resource.parse(conf.get(VigilOptions.FORECAST_RESOURCES));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + VigilOptions.FORECAST_RESOURCES.key() + "': " + e.getMessage(), e);
        }
        String routing = conf.get(VigilOptions.ALERTS_ROUTING);
        if (!routing.isEmpty()) {
            try {
                dev.vigil.notify.AlertRouting.structure(Files.readString(Path.of(routing)));
            } catch (IOException e) {
                throw new IllegalArgumentException("option '" + VigilOptions.ALERTS_ROUTING.key() + "': cannot read " + routing
                        + " (" + e.getClass().getSimpleName() + ")", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option '" + VigilOptions.ALERTS_ROUTING.key() + "': " + routing + ": " + e.getMessage(), e);
            }
        }
        return new VigilConfig(conf, rules);
    }

    /** The text of the alert routing file ({@code alerts.routing}), or "" when there is none. */
    public String routing() {
        String file = get(VigilOptions.ALERTS_ROUTING);
        if (file.isEmpty()) {
            return "";
        }
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + VigilOptions.ALERTS_ROUTING.key() + " file " + file, e);
        }
    }

    /**
     * A value {@code ${env:NAME}} is read from the environment variable NAME, {@code ${file:PATH}} from
     * the file (trimmed), so secrets stay out of config files. Options that carry secrets keep the
     * reference and resolve it where they are used (see {@link SecretRefs}); for the others it is read here.
     * Errors name the key and the variable or file, never a value.
     */
    static String resolveSecret(String key, String value, java.util.function.Function<String, String> env) {
        if (key.startsWith(VigilOptions.KAFKA_PROPERTIES_PREFIX) || key.equals(VigilOptions.WEBHOOK_URL.key())) {
            return value;
        }
        return SecretRefs.resolve(key, value, env);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat, List<ThresholdRule> rules, String file) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (key.equals(THRESHOLDS_KEY)) {
                if (!v.isArray()) {
                    throw new IllegalArgumentException(file + ": '" + THRESHOLDS_KEY + "' must be a list of rules");
                }
                for (int i = 0; i < v.size(); i++) {
                    rules.add(rule(v.get(i), file + ": " + THRESHOLDS_KEY + "[" + i + "]"));
                }
            } else if (v.isObject()) {
                flatten(key, v, flat, rules, file);
            } else if (v.isArray()) {
                throw new IllegalArgumentException(file + ": '" + key + "' must be a single value, not a list");
            } else if (!v.isNull()) {
                flat.put(key, v.asText());
            }
        }
    }

    private static final Set<String> RULE_FIELDS = Set.of("name", "metric", "match", "op", "value", "for", "severity", "labels", "summary");

    /** One threshold rule from YAML: name, metric, match, op, value, for, severity, labels, summary. */
    static ThresholdRule rule(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(where + ": a rule must be a map");
        }
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!RULE_FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' (known: " + RULE_FIELDS + ")");
            }
        }
        String op = text(n, "op", where, true);
        Comparison comparison = Comparison.parse(op).orElseThrow(() ->
                new IllegalArgumentException(where + ": 'op' must be one of > >= < <= == !=, was '" + op + "'"));
        JsonNode value = n.get("value");
        if (value == null || !(value.isNumber() || value.isTextual())) {
            throw new IllegalArgumentException(where + ": 'value' must be a number");
        }
        double threshold;
        try {
            threshold = value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": 'value' must be a number, was '" + value.asText() + "'");
        }
        String forText = text(n, "for", where, false);
        Duration forDuration;
        try {
            forDuration = forText == null ? Duration.ZERO : org.apache.flink.util.TimeUtils.parseDuration(forText);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": 'for' must be a duration such as 30s, 5m or 1h, was '" + forText + "'");
        }
        try {
            return new ThresholdRule(text(n, "name", where, true), text(n, "metric", where, true),
                    stringMap(n, "match", where), comparison, threshold, forDuration,
                    text(n, "severity", where, false), stringMap(n, "labels", where), text(n, "summary", where, false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(where + ": '" + field + "' is required");
            }
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a single value");
        }
        return v.asText();
    }

    private static Map<String, String> stringMap(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a map of label names to values");
        }
        Map<String, String> m = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }
}
