package dev.vigil.sql;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the query files of sql/queries (asof/, diff/) with their placeholders filled in, and stacks
 * their rows: each file is one section of the answer, with the same columns. The files stay readable
 * and runnable by hand (sql/queries/README.md), so the commands hold no SQL of their own.
 */
public final class SectionQueries {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private SectionQueries() {}

    /** An instant and its {@code dt} partition, as the placeholders want them. */
    public static void instant(Map<String, String> values, String name, Instant t) {
        values.put(name, t.toString());
        values.put(name + "_dt", t.atOffset(ZoneOffset.UTC).toLocalDate().toString());
    }

    /** The earliest {@code dt} partition a query may need: a day before {@code t} minus {@code back}. */
    public static String fromDt(Instant t, Duration back) {
        return t.minus(back).minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** A host filter placeholder value: a quoted literal, '' for every host. */
    public static String host(String host) {
        return "'" + (host == null ? "" : host.replace("'", "''")) + "'";
    }

    /** The file's text with every placeholder replaced; an unknown placeholder is an error naming it. */
    public static String fill(String sql, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no value for placeholder ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    /** Runs {@code dir/<section>.sql} for each section and stacks the rows (the columns of the first). */
    public static HistoryQuery.Result run(HistoryQuery q, String dir, List<String> sections, Map<String, String> values) throws SQLException {
        List<String> columns = null;
        List<List<Object>> rows = new ArrayList<>();
        for (String section : sections) {
            HistoryQuery.Result r = q.query(fill(HistoryQuery.text("queries/" + dir + "/" + section + ".sql"), values));
            if (columns == null) {
                columns = r.columns();
            } else if (!columns.equals(r.columns())) {
                throw new IllegalStateException("queries/" + dir + "/" + section + ".sql returns " + r.columns() + ", expected " + columns);
            }
            rows.addAll(r.rows());
        }
        return new HistoryQuery.Result(columns == null ? List.of() : columns, rows);
    }
}
