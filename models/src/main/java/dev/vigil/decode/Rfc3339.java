package dev.vigil.decode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 times as agents write them ({@code 2026-11-20T01:02:03.456Z}, {@code ...+02:00}), read without
 * java.time's general parser on the usual shapes: a profile of a 20-host replay had
 * {@code OffsetDateTime.parse} as a fifth of the decode thread. Any other shape goes to that parser, so what
 * is accepted, and the value read, are exactly {@code OffsetDateTime.parse(text)}'s.
 */
final class Rfc3339 {
    private Rfc3339() {}

    /** Epoch milliseconds of {@code text}; {@link DateTimeParseException} when it is no RFC 3339 time. */
    static long toEpochMilli(String text) {
        long fast = fast(text);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }

    /** The value for {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)}, or Long.MIN_VALUE for the general parser. */
    private static long fast(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        int pos = 19;
        long nanos = 0;
        if (s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < n && pos - start < 9 && isDigit(s.charAt(pos))) {
                nanos = nanos * 10 + (s.charAt(pos++) - '0');
            }
            int count = pos - start;
            if (count == 0 || (pos < n && isDigit(s.charAt(pos)))) {
                return Long.MIN_VALUE;
            }
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (pos >= n) {
            return Long.MIN_VALUE;
        }
        int offsetSeconds;
        char sign = s.charAt(pos);
        if (sign == 'Z' && pos + 1 == n) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && pos + 6 == n && s.charAt(pos + 3) == ':') {
            int oh = digits(s, pos + 1, 2);
            int om = digits(s, pos + 4, 2);
            if ((oh | om) < 0 || oh > 17 || om > 59) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (sign == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        } else {
            return Long.MIN_VALUE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            // 2026-02-30 and the like: the general parser words the error.
            return Long.MIN_VALUE;
        }
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + nanos / 1_000_000;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
