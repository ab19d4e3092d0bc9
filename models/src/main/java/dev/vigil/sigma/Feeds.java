package dev.vigil.sigma;

import dev.vigil.decode.Decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a rule can ever fire: which inputs, by what their decoders emit ({@link Decoder#emits()}), feed
 * the events its logsource selects. A rule whose logsource no input feeds compiles but never matches;
 * {@code vigil rules check} says so instead of a plain ok.
 */
public final class Feeds {
    private Feeds() {}

    /** Whether events of these kinds include some the selector takes. */
    public static boolean feeds(LogsourceSelector s, Set<String> emits) {
        switch (s.kind()) {
            case "log":
                return emits.contains(Decoder.LOGS);
            case "security":
                if (emits.contains(Decoder.ANY_SECURITY)) {
                    return true;
                }
                for (String e : emits) {
                    if (s.actions().isEmpty() ? !e.equals(Decoder.LOGS) && !e.equals(Decoder.METRICS) : s.actions().contains(e)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    /** The names of the inputs (name to what its decoder emits) that feed the selector, in the map's order. */
    public static List<String> feeders(LogsourceSelector s, Map<String, Set<String>> inputs) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : inputs.entrySet()) {
            if (feeds(s, e.getValue())) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
