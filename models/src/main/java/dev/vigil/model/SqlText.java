package dev.vigil.model;

/** SQL text for the evidence queries that alerts carry: a string literal with its quotes doubled. */
public final class SqlText {
    private SqlText() {}

    public static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
