package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.correlate.ControlMessage;

import java.util.List;
import java.util.Map;

/**
 * What can mute a notification, broadcast to every grouping task: an alert that fires (a possible
 * source of inhibition) or stopped firing, or a silence or inhibition rule added or expired through the
 * control stream.
 *
 * @param key            {@code alert:<fingerprint>}, {@code silence:<id>} or {@code inhibit:<id>}: the broadcast-state key
 * @param labels         the firing alert's labels (alerts only)
 * @param matchers       the silence's matchers, or the inhibition's source matchers
 * @param startsAt       when the silence starts, epoch millis
 * @param endsAt         when it ends, epoch millis
 * @param remove         whether this ends the entry (resolved alert, expired silence or inhibition)
 * @param targetMatchers the inhibition's target matchers
 * @param equal          the labels an inhibition's source and target must share
 */
public record MuteUpdate(String key, Map<String, String> labels, List<String> matchers, long startsAt, long endsAt, boolean remove,
                         List<String> targetMatchers, List<String> equal) {
    private static final String SILENCE = ControlMessage.SILENCE + ":";
    private static final String INHIBIT = ControlMessage.INHIBIT + ":";

    public static MuteUpdate of(Alert a) {
        return new MuteUpdate("alert:" + a.fingerprint(), a.labels(), List.of(), a.startsAt(), 0, a.status().equals(Alert.RESOLVED),
                List.of(), List.of());
    }

    /** A silence or an inhibition rule from the control stream. */
    public static MuteUpdate of(ControlMessage m) {
        return new MuteUpdate(m.stateKey(), Map.of(), m.matchers(), m.startsAt() == null ? 0 : m.startsAt(),
                m.endsAt() == null ? 0 : m.endsAt(), "expire".equals(m.action()), m.targetMatchers(), m.equal());
    }

    public boolean isSilence() {
        return key.startsWith(SILENCE);
    }

    public boolean isInhibition() {
        return key.startsWith(INHIBIT);
    }
}
