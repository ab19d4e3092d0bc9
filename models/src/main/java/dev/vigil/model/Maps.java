package dev.vigil.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable, key-sorted copies of string maps, so every output that lists labels is deterministic. */
public final class Maps {
    private static final SortedMap<String, String> EMPTY = Collections.unmodifiableSortedMap(new TreeMap<>());

    private Maps() {}

    /**
     * Returns an unmodifiable sorted copy. Not {@code Map.copyOf}: its iteration order changes from
     * one JVM to the next, and history rows and alert payloads must not.
     */
    public static SortedMap<String, String> sortedCopy(Map<String, String> source) {
        if (source == null || source.isEmpty()) {
            return EMPTY;
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(source));
    }
}
