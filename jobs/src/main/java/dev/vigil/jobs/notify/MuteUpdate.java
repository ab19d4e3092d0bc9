package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.correlate.ControlMessage;

import java.util.List;
import java.util.Map;

/**
 * What can mute a notification, broadcast to every grouping task: an alert that fires (a possible
 * source of inhibition) or stopped firing, or a silence added or expired through the control stream.
 *
 * @param key      {@code alert:<fingerprint>} or {@code silence:<id>}: the broadcast-state key
 * @param labels   the firing alert's labels (alerts only)
 * @param matchers the silence's matchers (silences only)
 * @param startsAt when the silence starts, epoch millis
 * @param endsAt   when it ends, epoch millis
 * @param remove   whether this ends the entry (resolved alert, expired silence)
 */
public record MuteUpdate(String key, Map<String, String> labels, List<String> matchers, long startsAt, long endsAt, boolean remove) {
    public static MuteUpdate of(Alert a) {
        return new MuteUpdate("alert:" + a.fingerprint(), a.labels(), List.of(), a.startsAt(), 0, a.status().equals(Alert.RESOLVED));
    }

    public static MuteUpdate of(ControlMessage m) {
        return new MuteUpdate("silence:" + m.value(), Map.of(), m.matchers(), m.startsAt() == null ? 0 : m.startsAt(),
                m.endsAt() == null ? 0 : m.endsAt(), "expire".equals(m.action()));
    }

    public boolean isSilence() {
        return key.startsWith("silence:");
    }
}
