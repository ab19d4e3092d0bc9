package dev.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * How Sigma rules meet Vigil's events: for each logsource (key "product/service" or
 * "product/category"), which events it covers and how Sigma taxonomy field names map to the ECS names
 * Vigil's events expose. The default mapping ships as {@code sigma/field-mapping.yaml} in this jar
 * (documented in docs/rules.md); users may load their own.
 */
public final class FieldMapping {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, LogsourceSelector> logsources;
    private final Map<String, Map<String, String>> fields;
    /** Per logsource, the prefix fields not listed are looked up under ({@code unmapped:}). */
    private final Map<String, String> unmapped;

    private FieldMapping(Map<String, LogsourceSelector> logsources, Map<String, Map<String, String>> fields,
            Map<String, String> unmapped) {
        this.logsources = logsources;
        this.fields = fields;
        this.unmapped = unmapped;
    }

    public static FieldMapping defaults() {
        try (InputStream in = FieldMapping.class.getResourceAsStream("/sigma/field-mapping.yaml")) {
            return parse(YAML.readTree(in), "sigma/field-mapping.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A mapping from YAML text. */
    public static FieldMapping fromYaml(String yaml, String where) throws IOException {
        return parse(YAML.readTree(yaml), where);
    }

    public static FieldMapping load(Path file) throws IOException {
        return parse(YAML.readTree(Files.readString(file)), file.toString());
    }

    static FieldMapping parse(JsonNode root, String where) {
        Map<String, LogsourceSelector> logsources = new HashMap<>();
        Map<String, Map<String, String>> fields = new HashMap<>();
        Map<String, String> unmapped = new HashMap<>();
        JsonNode ls = root.path("logsources");
        Iterator<Map.Entry<String, JsonNode>> it = ls.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode n = e.getValue();
            String kind = n.path("kind").asText("");
            if (!Set.of("log", "security", "none").contains(kind)) {
                throw new IllegalArgumentException(where + ": logsource " + e.getKey() + ": kind must be log, security or none");
            }
            logsources.put(e.getKey(), new LogsourceSelector(kind, strings(n.path("apps")), strings(n.path("actions"))));
            Map<String, String> map = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> f = n.path("fields").fields();
            while (f.hasNext()) {
                Map.Entry<String, JsonNode> fe = f.next();
                map.put(fe.getKey(), fe.getValue().asText());
            }
            fields.put(e.getKey(), map);
            if (n.hasNonNull("unmapped")) {
                unmapped.put(e.getKey(), n.get("unmapped").asText());
            }
        }
        return new FieldMapping(logsources, fields, unmapped);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        for (JsonNode v : array) {
            out.add(v.asText());
        }
        return out;
    }

    /** The selector of a logsource; null when the mapping does not know it. */
    public LogsourceSelector selector(Logsource logsource) {
        return logsources.get(logsource.key());
    }

    /**
     * The ECS name a rule's field refers to: the mapped name, else the field under the logsource's
     * {@code unmapped} prefix, else the field itself (rules may use ECS names).
     */
    public String ecsName(Logsource logsource, String sigmaField) {
        Map<String, String> map = fields.get(logsource.key());
        String mapped = map == null ? null : map.get(sigmaField);
        if (mapped != null) {
            return mapped;
        }
        String prefix = unmapped.get(logsource.key());
        return prefix != null ? prefix + sigmaField : sigmaField;
    }
}
