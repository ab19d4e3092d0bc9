package dev.vigil.jobs.history;

import dev.vigil.jobs.notify.Delivery;
import dev.vigil.notify.Notification;
import org.apache.parquet.schema.MessageType;

import static dev.vigil.jobs.history.HistoryTable.requiredInt32;
import static dev.vigil.jobs.history.HistoryTable.requiredString;
import static dev.vigil.jobs.history.HistoryTable.requiredTimestamp;

/**
 * {@code alert_dead_letters}: notifications Vigil gave up on (maximum age reached, or rejected by the
 * receiver), with the last error and the body, so nothing is lost silently and each can be re-sent by hand.
 */
public final class AlertDeadLettersTable extends HistoryTable<Delivery> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "alert_dead_letters";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("endpoint"),
            requiredString("kind"),
            requiredString("notification_id"),
            requiredString("group_key"),
            requiredString("status"),
            requiredInt32("alerts"),
            requiredInt32("attempts"),
            requiredString("last_error"),
            requiredTimestamp("created_at"),
            requiredTimestamp("alert_time"),
            requiredString("body"));

    public AlertDeadLettersTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(Delivery row) {
        return row.finishedAt();
    }

    @Override
    public void write(Delivery d, RowWriter out) {
        Notification n = d.notification();
        out.int64(0, "time", d.finishedAt());
        out.string(1, "endpoint", n.endpoint());
        out.string(2, "kind", n.kind());
        out.string(3, "notification_id", n.id());
        out.string(4, "group_key", n.groupKey());
        out.string(5, "status", n.status());
        out.int32(6, "alerts", n.alerts());
        out.int32(7, "attempts", d.attempts());
        out.string(8, "last_error", d.lastError());
        out.int64(9, "created_at", n.createdAt());
        out.int64(10, "alert_time", n.time());
        out.string(11, "body", n.body());
    }
}
