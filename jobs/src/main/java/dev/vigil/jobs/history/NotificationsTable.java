package dev.vigil.jobs.history;

import dev.vigil.jobs.notify.Delivery;
import dev.vigil.notify.Notification;
import org.apache.parquet.schema.MessageType;

import static dev.vigil.jobs.history.HistoryTable.requiredInt32;
import static dev.vigil.jobs.history.HistoryTable.requiredString;
import static dev.vigil.jobs.history.HistoryTable.requiredTimestamp;

/**
 * {@code notifications}: how every alert notification ended, delivered or given up, per endpoint: the
 * ground for alert volume per receiver and delivery latency. Bodies are only in
 * {@code alert_dead_letters}, for the ones given up on.
 */
public final class NotificationsTable extends HistoryTable<Delivery> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "notifications";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("endpoint"),
            requiredString("receiver"),
            requiredString("kind"),
            requiredString("notification_id"),
            requiredString("group_key"),
            requiredString("status"),
            requiredInt32("alerts"),
            requiredString("outcome"),
            requiredInt32("attempts"),
            requiredString("last_error"),
            requiredTimestamp("created_at"),
            requiredTimestamp("alert_time"));

    public NotificationsTable() {
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
        String endpoint = n.endpoint();
        out.int64(0, "time", d.finishedAt());
        out.string(1, "endpoint", endpoint);
        // Endpoint names are receiver/kind#index.
        out.string(2, "receiver", endpoint.substring(0, endpoint.lastIndexOf('/')));
        out.string(3, "kind", n.kind());
        out.string(4, "notification_id", n.id());
        out.string(5, "group_key", n.groupKey());
        out.string(6, "status", n.status());
        out.int32(7, "alerts", n.alerts());
        out.string(8, "outcome", d.delivered() ? "delivered" : "dead_letter");
        out.int32(9, "attempts", d.attempts());
        out.string(10, "last_error", d.lastError());
        out.int64(11, "created_at", n.createdAt());
        out.int64(12, "alert_time", n.time());
    }
}
