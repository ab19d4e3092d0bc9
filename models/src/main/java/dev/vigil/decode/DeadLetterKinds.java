package dev.vigil.decode;

import java.util.List;

/**
 * A dead letter's reason, reduced to one of a fixed set of kinds for metrics (one counter per kind; the
 * reason itself names fields and positions that come from the record, so it cannot be a metric name).
 */
public final class DeadLetterKinds {
    public static final String TOO_LARGE = "too_large";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String NUL = "nul_character";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String NOT_AN_OBJECT = "not_an_object";
    public static final String UNKNOWN_FORMAT = "unknown_format";
    public static final String MISSING_FIELD = "missing_field";
    public static final String BAD_TIME = "bad_time";
    public static final String BAD_VALUE = "bad_value";
    public static final String SYSLOG_HEADER = "syslog_header";
    public static final String OTHER = "other";

    /** Every kind, in a fixed order. */
    public static final List<String> ALL = List.of(TOO_LARGE, INVALID_UTF8, NUL, MALFORMED_JSON, NOT_AN_OBJECT, UNKNOWN_FORMAT,
            MISSING_FIELD, BAD_TIME, BAD_VALUE, SYSLOG_HEADER, OTHER);

    /** The fields that hold the event time, in every format: their errors are bad_time. */
    private static final java.util.Set<String> TIME_FIELDS = java.util.Set.of("time", "timestamp", "TIMESTAMP",
            "__REALTIME_TIMESTAMP", "_SOURCE_REALTIME_TIMESTAMP", "timeUnixNano", "observedTimeUnixNano");

    private DeadLetterKinds() {}

    /** The kind of a reason as Vigil's decoders word it. */
    public static String of(String reason) {
        if (reason.startsWith("record is not valid UTF-8")) {
            return INVALID_UTF8;
        }
        if (reason.startsWith("record is ") || reason.startsWith("line is ")) {
            return TOO_LARGE;
        }
        if (reason.startsWith("record contains a NUL")) {
            return NUL;
        }
        if (reason.startsWith("malformed JSON")) {
            return MALFORMED_JSON;
        }
        if (reason.startsWith("expected a JSON object")) {
            return NOT_AN_OBJECT;
        }
        if (reason.startsWith("JSON object is neither") || reason.startsWith("protobuf record is neither")) {
            return UNKNOWN_FORMAT;
        }
        if (reason.startsWith("field '")) {
            int end = reason.indexOf('\'', 7);
            String field = end < 0 ? "" : reason.substring(7, end);
            if (reason.startsWith("is missing", end + 2) || reason.startsWith("is empty", end + 2)) {
                return MISSING_FIELD;
            }
            return TIME_FIELDS.contains(field) ? BAD_TIME : BAD_VALUE;
        }
        if (reason.startsWith("TIMESTAMP")) {
            return BAD_TIME;
        }
        if (reason.startsWith("PRI") || reason.startsWith("STRUCTURED-DATA") || reason.startsWith("HOSTNAME")
                || reason.startsWith("APP-NAME") || reason.startsWith("VERSION") || reason.startsWith("PROCID") || reason.startsWith("MSGID")) {
            return SYSLOG_HEADER;
        }
        return OTHER;
    }
}
