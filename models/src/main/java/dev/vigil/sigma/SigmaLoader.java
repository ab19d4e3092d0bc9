package dev.vigil.sigma;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads Sigma rules as users write them: detection and correlation rules, several per file separated by
 * {@code ---}. Every document gets a {@link Status}: loaded, or the precise reason it was rejected (file,
 * rule, feature). Correlations refer to rules by name or id, correlations included (chaining).
 */
public final class SigmaLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "re", "i", "m", "s",
            "cidr", "gt", "gte", "lt", "lte", "exists", "windash", "cased");
    /** Keywords are a full-text search: each matches anywhere in the message. */
    private static final List<String> KEYWORD_MODIFIERS = List.of("contains");
    private static final Set<String> CONDITION_OPS = Set.of("gt", "gte", "lt", "lte", "eq", "neq");

    /** What became of one rule document. */
    /**
     * @param logsource for a detection rule that loaded, its logsource and the events it selects; else null
     */
    public record Status(String file, String rule, String error, String note, Logsource logsource, LogsourceSelector selector) {
        public Status(String file, String rule, String error, String note) {
            this(file, rule, error, note, null, null);
        }

        public boolean ok() {
            return error == null;
        }

        /** One line for {@code vigil rules check}. */
        public String line() {
            return ok() ? "ok     " + file + "  " + rule + (note == null ? "" : "  (" + note + ")")
                    : "error  " + file + "  " + rule + ": " + error;
        }
    }

    /** The rules that loaded, and the status of every document. */
    public record Result(List<DetectionRule> detections, List<CorrelationRule> correlations, List<Status> statuses) {
        public boolean allOk() {
            for (Status s : statuses) {
                if (!s.ok()) {
                    return false;
                }
            }
            return true;
        }

    }

    private record Doc(String file, int index, JsonNode node) {
        String label() {
            String title = node.path("title").asText("");
            String id = node.path("id").asText(node.path("name").asText(""));
            String t = title.isEmpty() ? "(untitled rule #" + (index + 1) + ")" : title;
            return id.isEmpty() ? t : t + " [" + id + "]";
        }
    }

    private SigmaLoader() {}

    /** Every .yml/.yaml file under the paths (files or folders), sorted. */
    public static Result load(List<Path> paths, FieldMapping mapping) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path p : paths) {
            readTexts(p, texts);
        }
        return loadTexts(texts, mapping);
    }

    /** Adds the text of every .yml/.yaml file under a file or folder (sorted) to {@code texts}, by path. */
    public static void readTexts(Path path, Map<String, String> texts) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path f : walk.filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
                    texts.put(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        } else if (Files.isRegularFile(path)) {
            texts.put(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } else {
            throw new IllegalArgumentException(path + " does not exist");
        }
    }

    /** Rules from texts by file name (for rule packs shipped as resources, and tests). */
    public static Result loadTexts(Map<String, String> texts, FieldMapping mapping) {
        List<Doc> docs = new ArrayList<>();
        List<Status> statuses = new ArrayList<>();
        for (Map.Entry<String, String> t : texts.entrySet()) {
            int i = 0;
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(t.getValue())) {
                while (it.hasNextValue()) {
                    JsonNode n = it.nextValue();
                    if (n != null && !n.isNull() && !n.isMissingNode()) {
                        docs.add(new Doc(t.getKey(), i, n));
                    }
                    i++;
                }
            } catch (IOException | RuntimeException e) {
                statuses.add(new Status(t.getKey(), "(document " + (i + 1) + ")", "not valid YAML: " + firstLine(e.getMessage()), null));
            }
        }
        // Detection rules first: correlations refer to them.
        Map<String, DetectionRule> detections = new LinkedHashMap<>();
        Map<String, Doc> correlationDocs = new LinkedHashMap<>();
        Set<String> failedRefs = new HashSet<>();
        for (Doc d : docs) {
            if (d.node.has("filter")) {
                statuses.add(new Status(d.file, d.label(), "Sigma filter rules ('filter:' documents) are not supported yet", null));
                continue;
            }
            if (d.node.has("correlation")) {
                correlationDocs.put(d.file + "#" + d.index, d);
                continue;
            }
            try {
                DetectionRule r = detection(d, mapping);
                if (detections.containsKey(r.id())) {
                    throw new SigmaException("id " + r.id() + " is used by another rule too");
                }
                detections.put(r.id(), r);
                statuses.add(new Status(d.file, d.label(), null, r.active() ? null : "no events yet for logsource " + r.logsource().key(),
                        r.logsource(), r.selector()));
            } catch (SigmaException e) {
                statuses.add(new Status(d.file, d.label(), e.getMessage(), null));
                failedRefs.add(d.node.path("id").asText(""));
                failedRefs.add(d.node.path("name").asText(""));
            }
        }
        Map<String, String> refToId = new HashMap<>();
        for (DetectionRule r : detections.values()) {
            refToId.put(r.id(), r.id());
            if (r.name() != null) {
                refToId.put(r.name(), r.id());
            }
        }
        for (Doc d : correlationDocs.values()) {
            String id = ruleId(optionalText(d.node, "id"), optionalText(d.node, "name"), d.node.path("title").asText(""));
            refToId.put(id, id);
            String name = d.node.path("name").asText("");
            if (!name.isEmpty()) {
                refToId.put(name, id);
            }
        }
        // Correlations, in dependency order (each after the correlations it refers to); cycles are errors.
        List<CorrelationRule> correlations = new ArrayList<>();
        Map<String, CorrelationRule> byId = new HashMap<>();
        List<Doc> pending = new ArrayList<>(correlationDocs.values());
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (Iterator<Doc> it = pending.iterator(); it.hasNext(); ) {
                Doc d = it.next();
                List<String> refs = new ArrayList<>();
                for (JsonNode r : d.node.path("correlation").path("rules")) {
                    refs.add(r.asText());
                }
                boolean ready = true;
                for (String ref : refs) {
                    String rid = refToId.get(ref);
                    if (rid != null && !detections.containsKey(rid) && !byId.containsKey(rid) && correlationPending(pending, rid)) {
                        ready = false;
                    }
                }
                if (!ready) {
                    continue;
                }
                it.remove();
                progress = true;
                try {
                    CorrelationRule c = correlation(d, refs, refToId, detections, byId, failedRefs, mapping);
                    if (detections.containsKey(c.id()) || byId.containsKey(c.id())) {
                        throw new SigmaException("id " + c.id() + " is used by another rule too");
                    }
                    byId.put(c.id(), c);
                    correlations.add(c);
                    statuses.add(new Status(d.file, d.label(), null, null));
                } catch (SigmaException e) {
                    statuses.add(new Status(d.file, d.label(), e.getMessage(), null));
                }
            }
        }
        for (Doc d : pending) {
            statuses.add(new Status(d.file, d.label(), "correlation refers to itself through a cycle of rules", null));
        }
        return new Result(List.copyOf(detections.values()), List.copyOf(correlations), List.copyOf(statuses));
    }

    private static boolean correlationPending(List<Doc> pending, String id) {
        for (Doc d : pending) {
            if (id.equals(ruleId(optionalText(d.node, "id"), optionalText(d.node, "name"), d.node.path("title").asText("")))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ detection rules

    static DetectionRule detection(Doc d, FieldMapping mapping) throws SigmaException {
        JsonNode n = d.node;
        if (n.has("action")) {
            throw new SigmaException("'action: " + n.path("action").asText() + "' (Sigma 1 rule collections) is not supported; write each rule whole");
        }
        String title = requiredText(n, "title");
        String id = optionalText(n, "id");
        String name = optionalText(n, "name");
        JsonNode ls = n.get("logsource");
        if (ls == null || !ls.isObject()) {
            throw new SigmaException("'logsource' is missing");
        }
        Logsource logsource = new Logsource(optionalText(ls, "product"), optionalText(ls, "service"), optionalText(ls, "category"));
        LogsourceSelector selector = mapping.selector(logsource);
        if (selector == null) {
            throw new SigmaException("logsource " + logsource.key() + " is not in Vigil's field mapping (see docs/rules.md)");
        }
        JsonNode det = n.get("detection");
        if (det == null || !det.isObject()) {
            throw new SigmaException("'detection' is missing");
        }
        if (det.has("timeframe")) {
            throw new SigmaException("'timeframe' (Sigma 1 aggregation) is not supported; use a correlation rule");
        }
        Map<String, Selection> selections = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = det.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("condition")) {
                continue;
            }
            selections.put(e.getKey(), selection(e.getKey(), e.getValue(), logsource, mapping));
        }
        JsonNode cond = det.get("condition");
        if (cond == null) {
            throw new SigmaException("detection has no 'condition'");
        }
        Condition condition;
        if (cond.isArray()) {
            List<Condition> parts = new ArrayList<>();
            for (JsonNode c : cond) {
                parts.add(Condition.parse(c.asText(), selections));
            }
            condition = new Condition.Or(parts);
        } else {
            condition = Condition.parse(cond.asText(), selections);
        }
        return new DetectionRule(ruleId(id, name, title), name, title, level(n), tags(n), logsource, selector, condition, d.file);
    }

    private static Selection selection(String ident, JsonNode v, Logsource ls, FieldMapping mapping) throws SigmaException {
        if (v.isObject()) {
            return fields(ident, v, ls, mapping);
        }
        if (v.isArray()) {
            boolean maps = v.size() > 0 && v.get(0).isObject();
            if (maps) {
                List<Selection> alternatives = new ArrayList<>();
                for (JsonNode item : v) {
                    if (!item.isObject()) {
                        throw new SigmaException("detection '" + ident + "' mixes maps and plain values in one list");
                    }
                    alternatives.add(fields(ident, item, ls, mapping));
                }
                return new Selection.AnyOf(alternatives);
            }
            return new Selection.AllOf(List.of(fieldTest(ident, "", KEYWORD_MODIFIERS, v)));
        }
        if (v.isValueNode()) {
            return new Selection.AllOf(List.of(fieldTest(ident, "", KEYWORD_MODIFIERS, v)));
        }
        throw new SigmaException("detection '" + ident + "' must be a map, a list or a value");
    }

    private static Selection fields(String ident, JsonNode map, Logsource ls, FieldMapping mapping) throws SigmaException {
        List<Selection.FieldTest> tests = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = map.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] parts = e.getKey().split("\\|", -1);
            String field = parts[0];
            List<String> modifiers = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String m = parts[i];
                if (!MODIFIERS.contains(m)) {
                    throw new SigmaException("detection '" + ident + "', field '" + e.getKey() + "': modifier '" + m + "' is not supported by Vigil");
                }
                if ((m.equals("i") || m.equals("m") || m.equals("s")) && !modifiers.contains("re")) {
                    throw new SigmaException("detection '" + ident + "', field '" + e.getKey() + "': modifier '" + m + "' only follows 're'");
                }
                modifiers.add(m);
            }
            String ecs = field.isEmpty() ? "" : mapping.ecsName(ls, field);
            if (field.isEmpty() && !modifiers.contains("startswith") && !modifiers.contains("endswith") && !modifiers.contains("re")) {
                modifiers.add("contains");
            }
            tests.add(fieldTest(ident, ecs, modifiers, e.getValue()));
        }
        return new Selection.AllOf(tests);
    }

    private static Selection.FieldTest fieldTest(String ident, String field, List<String> modifiers, JsonNode value) throws SigmaException {
        String where = "detection '" + ident + "'" + (field.isEmpty() ? "" : ", field '" + field + "'");
        if (modifiers.contains("exists")) {
            if (!value.isBoolean()) {
                throw new SigmaException(where + ": 'exists' takes true or false");
            }
            return new Selection.FieldTest(field, List.of(), false, value.booleanValue(), false);
        }
        List<JsonNode> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(values::add);
        } else {
            values.add(value);
        }
        if (values.size() == 1 && values.get(0).isNull()) {
            return new Selection.FieldTest(field, List.of(), false, null, true);
        }
        List<ValueMatcher> matchers = new ArrayList<>();
        for (JsonNode v : values) {
            if (v.isNull()) {
                throw new SigmaException(where + ": null inside a list of values is not supported");
            }
            if (!v.isValueNode()) {
                throw new SigmaException(where + ": values must be strings or numbers");
            }
            List<String> texts = modifiers.contains("windash") ? ValueMatcher.windash(v.asText()) : List.of(v.asText());
            List<ValueMatcher> variants = new ArrayList<>();
            for (String t : texts) {
                try {
                    variants.add(ValueMatcher.of(t, modifiers));
                } catch (IllegalArgumentException e) {
                    throw new SigmaException(where + ": value '" + t + "': " + firstLine(e.getMessage()));
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw new SigmaException(where + ": regular expression '" + t + "' is not valid RE2 syntax ("
                            + firstLine(e.getDescription()) + "); RE2 has no backreferences or look-around");
                }
            }
            // The windash variants of one value are alternatives of that value (so |all still means every value).
            matchers.add(variants.size() == 1 ? variants.get(0) : new ValueMatcher.AnyOf(variants));
        }
        return new Selection.FieldTest(field, matchers, modifiers.contains("all"), null, false);
    }

    // ------------------------------------------------------------------ correlation rules

    private static CorrelationRule correlation(Doc d, List<String> refs, Map<String, String> refToId,
                                               Map<String, DetectionRule> detections, Map<String, CorrelationRule> correlations,
                                               Set<String> failedRefs, FieldMapping mapping) throws SigmaException {
        JsonNode n = d.node;
        String title = requiredText(n, "title");
        String id = optionalText(n, "id");
        String name = optionalText(n, "name");
        JsonNode c = n.get("correlation");
        String type = requiredText(c, "type");
        if (!CorrelationRule.TYPES.contains(type)) {
            throw new SigmaException("correlation type '" + type + "' is not one of " + CorrelationRule.TYPES);
        }
        if (refs.isEmpty()) {
            throw new SigmaException("correlation has no 'rules'");
        }
        List<String> ids = new ArrayList<>();
        for (String ref : refs) {
            String rid = refToId.get(ref);
            if (rid == null) {
                throw new SigmaException(failedRefs.contains(ref) ? "refers to rule '" + ref + "', which did not load"
                        : "refers to rule '" + ref + "', which no loaded rule has as id or name");
            }
            if (!detections.containsKey(rid) && !correlations.containsKey(rid)) {
                throw new SigmaException("refers to rule '" + ref + "', which did not load");
            }
            ids.add(rid);
        }
        if (type.equals("temporal_ordered") && ids.size() < 2) {
            throw new SigmaException("temporal_ordered needs at least two rules");
        }
        Duration timespan = timespan(requiredText(c, "timespan"));
        // Aliases: alias -> (rule ref -> field).
        Map<String, Map<String, String>> aliases = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> al = c.path("aliases").fields();
        while (al.hasNext()) {
            Map.Entry<String, JsonNode> a = al.next();
            Map<String, String> perRule = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> pr = a.getValue().fields();
            while (pr.hasNext()) {
                Map.Entry<String, JsonNode> e = pr.next();
                String rid = refToId.get(e.getKey());
                if (rid == null || !ids.contains(rid)) {
                    throw new SigmaException("alias '" + a.getKey() + "' names rule '" + e.getKey() + "', which the correlation does not refer to");
                }
                perRule.put(rid, e.getValue().asText());
            }
            aliases.put(a.getKey(), perRule);
        }
        List<String> groupNames = new ArrayList<>();
        for (JsonNode g : c.path("group-by")) {
            groupNames.add(g.asText());
        }
        Map<String, List<String>> groupBy = new HashMap<>();
        for (String rid : ids) {
            List<String> fields = new ArrayList<>();
            for (String g : groupNames) {
                String sigmaField = aliases.containsKey(g) ? aliases.get(g).get(rid) : g;
                if (sigmaField == null) {
                    throw new SigmaException("alias '" + g + "' has no field for rule '" + rid + "'");
                }
                fields.add(ecsField(rid, sigmaField, detections, mapping));
            }
            groupBy.put(rid, fields);
        }
        Map<String, Double> condition = new LinkedHashMap<>();
        Map<String, String> field = new HashMap<>();
        JsonNode cond = c.get("condition");
        boolean temporal = type.startsWith("temporal");
        if (cond == null) {
            if (!temporal) {
                throw new SigmaException(type + " needs a 'condition'");
            }
            condition.put("gte", (double) ids.size());
        } else {
            Iterator<Map.Entry<String, JsonNode>> ci = cond.fields();
            while (ci.hasNext()) {
                Map.Entry<String, JsonNode> e = ci.next();
                if (e.getKey().equals("field")) {
                    if (!type.startsWith("value_")) {
                        throw new SigmaException("condition 'field' only applies to value_* correlations, not " + type);
                    }
                    for (String rid : ids) {
                        String f = aliases.containsKey(e.getValue().asText()) ? aliases.get(e.getValue().asText()).get(rid) : e.getValue().asText();
                        if (f == null) {
                            throw new SigmaException("alias '" + e.getValue().asText() + "' in condition.field has no field for rule '" + rid + "'");
                        }
                        field.put(rid, ecsField(rid, f, detections, mapping));
                    }
                } else if (CONDITION_OPS.contains(e.getKey())) {
                    if (!e.getValue().isNumber()) {
                        throw new SigmaException("condition '" + e.getKey() + "' must be a number");
                    }
                    condition.put(e.getKey(), e.getValue().doubleValue());
                } else {
                    throw new SigmaException("condition key '" + e.getKey() + "' is not one of gt, gte, lt, lte, eq, neq, field");
                }
            }
            if (condition.isEmpty()) {
                throw new SigmaException("condition has no comparison (gt, gte, lt, lte, eq, neq)");
            }
            boolean counts = type.equals("event_count") || type.equals("value_count");
            if (counts && !condition.containsKey("gt") && !condition.containsKey("gte")) {
                // A count only grows as events arrive: "fewer than N" or "exactly N" is only known when the
                // window ends, which Vigil does not evaluate; a condition holding on arrival would fire at once.
                throw new SigmaException(type + " condition " + condition.keySet() + " needs a lower bound (gt or gte):"
                        + " conditions decided only at the end of a window are not supported");
            }
        }
        if (type.startsWith("value_") && field.isEmpty()) {
            throw new SigmaException(type + " needs 'condition.field'");
        }
        boolean generate = c.path("generate").asBoolean(n.path("generate").asBoolean(false));
        return new CorrelationRule(ruleId(id, name, title), name, title, level(n), tags(n), type, ids, groupBy, groupNames,
                timespan, condition, field, generate, d.file);
    }

    /** A group-by or value field of a referenced rule, as the ECS name its events carry. */
    private static String ecsField(String rid, String sigmaField, Map<String, DetectionRule> detections, FieldMapping mapping) {
        DetectionRule r = detections.get(rid);
        // A correlation's incidents carry their group fields under the names the correlation used.
        return r == null ? sigmaField : mapping.ecsName(r.logsource(), sigmaField);
    }

    /** The id, else the name, else one derived from the title (the specification makes both optional). */
    private static String ruleId(String id, String name, String title) {
        if (id != null) {
            return id;
        }
        if (name != null) {
            return name;
        }
        return "title:" + title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    static Duration timespan(String text) throws SigmaException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhdw])").matcher(text.trim());
        if (!m.matches()) {
            throw new SigmaException("timespan '" + text + "' is not a number followed by s, m, h, d or w");
        }
        long v = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            case "d" -> Duration.ofDays(v);
            default -> Duration.ofDays(7 * v);
        };
        if (d.isZero()) {
            throw new SigmaException("timespan must be longer than zero");
        }
        return d;
    }

    // ------------------------------------------------------------------ shared

    private static String level(JsonNode n) throws SigmaException {
        String level = n.path("level").asText("medium");
        if (!List.of("informational", "low", "medium", "high", "critical").contains(level)) {
            throw new SigmaException("level '" + level + "' is not informational, low, medium, high or critical");
        }
        return level;
    }

    private static List<String> tags(JsonNode n) {
        List<String> tags = new ArrayList<>();
        for (JsonNode t : n.path("tags")) {
            tags.add(t.asText());
        }
        return tags;
    }

    private static String requiredText(JsonNode n, String field) throws SigmaException {
        String v = optionalText(n, field);
        if (v == null || v.isBlank()) {
            throw new SigmaException("'" + field + "' is missing");
        }
        return v;
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Levels in order, for thresholds such as "alert on high and above". */
    public static int levelRank(String level) {
        return List.of("informational", "low", "medium", "high", "critical").indexOf(level);
    }
}
