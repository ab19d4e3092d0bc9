package dev.vigil.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints query results as an aligned table, CSV (RFC 4180) or a JSON array of objects. */
public final class ResultFormatter {
    public enum Format { TABLE, CSV, JSON }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_CELL = 120;

    private ResultFormatter() {}

    /** JDBC values into String, Number, Boolean, sorted Map or null; times become ISO 8601 in UTC. */
    public static Object normalise(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
            return v;
        }
        if (v instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sorted.put(String.valueOf(e.getKey()), normalise(e.getValue()));
            }
            return sorted;
        }
        return v.toString();
    }

    /** {@code table}, {@code csv} or {@code json}; the error names {@code --format}. */
    public static Format parseFormat(String text) {
        try {
            return Format.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be table, csv or json, was '" + text + "'");
        }
    }

    public static String format(HistoryQuery.Result result, Format format) {
        return switch (format) {
            case TABLE -> table(result);
            case CSV -> csv(result);
            case JSON -> json(result);
        };
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?> m) {
            try {
                return MAPPER.writeValueAsString(m);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return v.toString();
    }

    static String table(HistoryQuery.Result r) {
        int n = r.columns().size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = r.columns().get(i).length();
        }
        for (List<Object> row : r.rows()) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.min(MAX_CELL, Math.max(width[i], text(row.get(i)).length()));
            }
        }
        StringBuilder b = new StringBuilder();
        appendRow(b, r.columns().stream().map(Object.class::cast).toList(), width, true);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        b.append('\n');
        for (List<Object> row : r.rows()) {
            appendRow(b, row, width, false);
        }
        b.append('(').append(r.rows().size()).append(r.rows().size() == 1 ? " row)" : " rows)").append('\n');
        return b.toString();
    }

    private static void appendRow(StringBuilder b, List<Object> row, int[] width, boolean header) {
        for (int i = 0; i < width.length; i++) {
            String t = header ? String.valueOf(row.get(i)) : text(row.get(i));
            t = t.replace('\n', ' ');
            if (t.length() > MAX_CELL) {
                t = t.substring(0, MAX_CELL - 1) + "…";
            }
            boolean right = !header && row.get(i) instanceof Number;
            b.append(i == 0 ? "" : " | ");
            if (right) {
                b.append(" ".repeat(width[i] - t.length())).append(t);
            } else {
                b.append(t);
                if (i < width.length - 1) {
                    b.append(" ".repeat(width[i] - t.length()));
                }
            }
        }
        b.append('\n');
    }

    static String csv(HistoryQuery.Result r) {
        StringBuilder b = new StringBuilder();
        csvRow(b, r.columns().stream().map(Object.class::cast).toList());
        for (List<Object> row : r.rows()) {
            csvRow(b, row);
        }
        return b.toString();
    }

    private static void csvRow(StringBuilder b, List<Object> row) {
        for (int i = 0; i < row.size(); i++) {
            String t = text(row.get(i));
            if (i > 0) {
                b.append(',');
            }
            if (t.indexOf(',') >= 0 || t.indexOf('"') >= 0 || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
                b.append('"').append(t.replace("\"", "\"\"")).append('"');
            } else {
                b.append(t);
            }
        }
        b.append("\r\n");
    }

    static String json(HistoryQuery.Result r) {
        ArrayNode array = MAPPER.createArrayNode();
        for (List<Object> row : r.rows()) {
            ObjectNode o = array.addObject();
            for (int i = 0; i < r.columns().size(); i++) {
                o.set(r.columns().get(i), MAPPER.valueToTree(row.get(i)));
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
