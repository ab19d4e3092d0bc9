package dev.vigil.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.model.Durations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where alerts go, in Alertmanager's configuration language: a {@code route} tree, {@code receivers}
 * and {@code inhibit_rules}. A receiver lists endpoints under {@code webhook_configs} (signed with
 * Standard Webhooks when it has a secret), {@code slack_configs}, {@code pagerduty_configs} and
 * Vigil's {@code alertmanager_configs} (Alertmanager's API v2). Each URL and secret can be given
 * inline, as {@code <field>_file} (a file holding it) or as {@code <field>_env} (an environment
 * variable); errors name the field, never its value.
 *
 * <pre>
 * route:
 *   receiver: ops
 *   group_by: [alertname, host]
 *   routes:
 *     - matchers: ['severity="critical"']
 *       receiver: pager
 *       continue: true
 * receivers:
 *   - name: ops
 *     webhook_configs: [{url: "https://hooks.example/vigil", secret_env: VIGIL_WEBHOOK_SECRET}]
 *   - name: pager
 *     pagerduty_configs: [{routing_key_file: /etc/vigil/pagerduty.key}]
 * inhibit_rules:
 *   - source_matchers: ['severity="critical"']
 *     target_matchers: ['severity="warning"']
 *     equal: [host]
 * </pre>
 */
public final class AlertRouting {
    /** Alertmanager's defaults. */
    public static final long GROUP_WAIT_MS = 30_000L;
    public static final long GROUP_INTERVAL_MS = 300_000L;
    public static final long REPEAT_INTERVAL_MS = 4 * 3_600_000L;
    public static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> KINDS = Map.of("alertmanager_configs", Endpoint.ALERTMANAGER, "webhook_configs",
            Endpoint.WEBHOOK, "slack_configs", Endpoint.SLACK, "pagerduty_configs", Endpoint.PAGERDUTY);
    private static final Set<String> ROUTE_FIELDS = Set.of("receiver", "matchers", "group_by", "group_wait", "group_interval",
            "repeat_interval", "continue", "routes");

    private final Route route;
    private final Map<String, List<Endpoint>> receivers;
    private final List<InhibitRule> inhibitRules;

    private AlertRouting(Route route, Map<String, List<Endpoint>> receivers, List<InhibitRule> inhibitRules) {
        this.route = route;
        this.receivers = receivers;
        this.inhibitRules = inhibitRules;
    }

    public Route route() {
        return route;
    }

    /** Every endpoint of every receiver, in configuration order. */
    public List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        for (List<Endpoint> e : receivers.values()) {
            all.addAll(e);
        }
        return all;
    }

    public List<Endpoint> endpoints(String receiver) {
        return receivers.getOrDefault(receiver, List.of());
    }

    public List<InhibitRule> inhibitRules() {
        return inhibitRules;
    }

    /**
     * Parses routing YAML; {@code env} looks up environment variables (null when unset). Secrets
     * given as {@code _file} are read here, so the caller decides where that happens (a task, not the
     * client that builds the job).
     */
    public static AlertRouting parse(String yaml, UnaryOperator<String> env) {
        return parse(yaml, env, true);
    }

    /**
     * The routing without reading any secret (URLs and secrets given by file or environment are left
     * empty): what the client needs to build the job, which must never carry secrets in its graph.
     */
    public static AlertRouting structure(String yaml) {
        return parse(yaml, name -> null, false);
    }

    private static AlertRouting parse(String yaml, UnaryOperator<String> env, boolean secrets) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("alert routing is not valid YAML: " + e.getMessage().split("\n")[0]);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("alert routing must be a YAML mapping with 'route' and 'receivers'");
        }
        Map<String, List<Endpoint>> receivers = new LinkedHashMap<>();
        int r = 0;
        for (JsonNode rec : root.path("receivers")) {
            String where = "receivers[" + r++ + "]";
            String name = text(rec, "name", where);
            if (receivers.containsKey(name)) {
                throw new IllegalArgumentException(where + ": receiver '" + name + "' is defined twice");
            }
            List<Endpoint> endpoints = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = rec.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getKey().equals("name")) {
                    continue;
                }
                String kind = KINDS.get(f.getKey());
                if (kind == null) {
                    throw new IllegalArgumentException(where + ": unknown field '" + f.getKey() + "' (expected name, " + KINDS.keySet() + ")");
                }
                int i = 0;
                for (JsonNode c : f.getValue()) {
                    endpoints.add(endpoint(name, endpoints.size(), kind, c, where + "." + f.getKey() + "[" + i++ + "]", env, secrets));
                }
            }
            receivers.put(name, List.copyOf(endpoints));
        }
        if (!root.has("route")) {
            throw new IllegalArgumentException("alert routing has no 'route'");
        }
        Route route = route(root.get("route"), "0", "route", null, receivers);
        List<InhibitRule> inhibit = new ArrayList<>();
        int k = 0;
        for (JsonNode n : root.path("inhibit_rules")) {
            String where = "inhibit_rules[" + k++ + "]";
            inhibit.add(new InhibitRule(matchers(n.path("source_matchers"), where + ".source_matchers"),
                    matchers(n.path("target_matchers"), where + ".target_matchers"), strings(n.path("equal"), where + ".equal")));
        }
        return new AlertRouting(route, receivers, List.copyOf(inhibit));
    }

    private static Route route(JsonNode n, String id, String where, Route parent, Map<String, List<Endpoint>> receivers) {
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!ROUTE_FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' (expected " + ROUTE_FIELDS + ")");
            }
        }
        String receiver = n.has("receiver") ? n.get("receiver").asText() : parent == null ? null : parent.receiver();
        if (receiver == null) {
            throw new IllegalArgumentException(where + ": the top route needs a 'receiver'");
        }
        if (!receivers.containsKey(receiver)) {
            throw new IllegalArgumentException(where + ".receiver: no receiver is named '" + receiver + "'");
        }
        List<String> groupBy = n.has("group_by") ? strings(n.get("group_by"), where + ".group_by")
                : parent == null ? List.of("alertname") : parent.groupBy();
        long wait = duration(n, "group_wait", where, parent == null ? GROUP_WAIT_MS : parent.groupWaitMs());
        long interval = duration(n, "group_interval", where, parent == null ? GROUP_INTERVAL_MS : parent.groupIntervalMs());
        long repeat = duration(n, "repeat_interval", where, parent == null ? REPEAT_INTERVAL_MS : parent.repeatIntervalMs());
        if (interval <= 0 || repeat <= 0) {
            throw new IllegalArgumentException(where + ": group_interval and repeat_interval must be longer than zero");
        }
        List<LabelMatcher> matchers = matchers(n.path("matchers"), where + ".matchers");
        Route self = new Route(id, receiver, matchers, groupBy, wait, interval, repeat, n.path("continue").asBoolean(false), List.of());
        List<Route> children = new ArrayList<>();
        int i = 0;
        for (JsonNode c : n.path("routes")) {
            children.add(route(c, id + "." + i, where + ".routes[" + i + "]", self, receivers));
            i++;
        }
        return new Route(id, receiver, matchers, groupBy, wait, interval, repeat, self.continueMatching(), children);
    }

    private static Endpoint endpoint(String receiver, int index, String kind, JsonNode c, String where, UnaryOperator<String> env,
            boolean secrets) {
        if (!secrets) {
            return new Endpoint(receiver, index, kind, "", "", c.path("max_per_minute").asInt(0));
        }
        // Slack's field is api_url in Alertmanager's language; url works for every kind.
        String urlField = c.has("api_url") || c.has("api_url_file") || c.has("api_url_env") ? "api_url" : "url";
        String url = secret(c, urlField, where, env);
        if (url.isEmpty() && kind.equals(Endpoint.PAGERDUTY)) {
            url = PAGERDUTY_URL;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(where + ".url is not a valid URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(where + ".url must be an http or https URL with a host");
        }
        String secret = secret(c, kind.equals(Endpoint.PAGERDUTY) ? "routing_key" : "secret", where, env);
        if (kind.equals(Endpoint.PAGERDUTY) && secret.isEmpty()) {
            throw new IllegalArgumentException(where + ": PagerDuty needs routing_key, routing_key_file or routing_key_env");
        }
        int perMinute = c.path("max_per_minute").asInt(0);
        if (perMinute < 0) {
            throw new IllegalArgumentException(where + ".max_per_minute must not be negative");
        }
        return new Endpoint(receiver, index, kind, url, secret, perMinute);
    }

    /** {@code field}, {@code field_file} or {@code field_env}; "" when none is set. Errors never show the value. */
    private static String secret(JsonNode c, String field, String where, UnaryOperator<String> env) {
        if (c.has(field)) {
            return c.get(field).asText();
        }
        if (c.has(field + "_file")) {
            Path p = Path.of(c.get(field + "_file").asText());
            try {
                return Files.readString(p, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(where + "." + field + "_file: cannot read " + p + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (c.has(field + "_env")) {
            String name = c.get(field + "_env").asText();
            String v = env.apply(name);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(where + "." + field + "_env: environment variable " + name + " is not set");
            }
            return v.strip();
        }
        return "";
    }

    private static long duration(JsonNode n, String field, String where, long inherited) {
        return n.has(field) ? Durations.parse(n.get(field).asText(), where + "." + field).toMillis() : inherited;
    }

    private static List<LabelMatcher> matchers(JsonNode n, String where) {
        List<LabelMatcher> out = new ArrayList<>();
        for (String s : strings(n, where)) {
            try {
                out.add(LabelMatcher.parse(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode n, String where) {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(where + " must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) {
            out.add(v.asText());
        }
        return out;
    }

    private static String text(JsonNode n, String field, String where) {
        String v = n.path(field).asText("");
        if (v.isEmpty()) {
            throw new IllegalArgumentException(where + ": '" + field + "' is missing");
        }
        return v;
    }
}
