package dev.vigil.alert;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint Alertmanager gives a label set (prometheus/common {@code LabelSet.Fingerprint}):
 * 64-bit FNV-1a over the label names in sorted order, each name and value followed by the byte 0xff,
 * printed as 16 lower-case hex digits. Receivers can match Vigil's alerts with Alertmanager's by it.
 */
public final class Fingerprint {
    private static final long OFFSET64 = 0xcbf29ce484222325L;
    private static final long PRIME64 = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    private Fingerprint() {}

    public static String of(Map<String, String> labels) {
        Map<String, String> sorted = labels instanceof java.util.SortedMap ? labels : new TreeMap<>(labels);
        long h = OFFSET64;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            h = add(h, e.getKey());
            h = addByte(h, SEPARATOR);
            h = add(h, e.getValue());
            h = addByte(h, SEPARATOR);
        }
        return String.format("%016x", h);
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = addByte(h, b & 0xff);
        }
        return h;
    }

    private static long addByte(long h, int b) {
        h ^= b;
        return h * PRIME64;
    }
}
