package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** State of alert grouping: the broadcast mutes and, per group, its alerts and timing. */
final class NotifyState {
    /** Firing alerts (inhibition sources) and silences, on every grouping task. */
    static final MapStateDescriptor<String, MuteUpdate> MUTES =
            new MapStateDescriptor<>("notify-mutes", Types.STRING, TypeInformation.of(MuteUpdate.class));
    /** The group's alerts by fingerprint: firing ones, and resolved ones not yet notified. */
    static final MapStateDescriptor<String, Alert> ALERTS =
            new MapStateDescriptor<>("notify-alerts", Types.STRING, TypeInformation.of(Alert.class));
    /** Fingerprints of the alerts a notification already carried as firing. */
    static final MapStateDescriptor<String, Boolean> SENT = new MapStateDescriptor<>("notify-sent", Types.STRING, Types.BOOLEAN);
    /** {next tick, last notification}, event time; 0 and Long.MIN_VALUE for none. */
    static final ValueStateDescriptor<long[]> TIMING =
            new ValueStateDescriptor<>("notify-timing", TypeInformation.of(long[].class));

    private NotifyState() {}
}
