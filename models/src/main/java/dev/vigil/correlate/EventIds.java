package dev.vigil.correlate;

import java.nio.charset.StandardCharsets;

/** Stable ids for events that carry none: 64-bit FNV-1a of time and summary, 16 hex digits. */
public final class EventIds {
    private EventIds() {}

    public static String of(long time, String summary) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < 8; i++) {
            h = (h ^ ((time >>> (8 * i)) & 0xff)) * 0x100000001b3L;
        }
        for (byte b : summary.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return String.format("%016x", h);
    }
}
