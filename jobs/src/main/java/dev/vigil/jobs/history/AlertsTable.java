package dev.vigil.jobs.history;

import dev.vigil.alert.Alert;
import org.apache.parquet.schema.MessageType;

import static dev.vigil.jobs.history.HistoryTable.optionalString;
import static dev.vigil.jobs.history.HistoryTable.optionalTimestamp;
import static dev.vigil.jobs.history.HistoryTable.requiredString;
import static dev.vigil.jobs.history.HistoryTable.requiredTimestamp;
import static dev.vigil.jobs.history.HistoryTable.stringMap;

/** {@code alerts}: every alert state change (firing, resolved), with its full label and annotation sets. */
public final class AlertsTable extends HistoryTable<Alert> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "alerts";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("status"),
            requiredString("alertname"),
            optionalString("severity"),
            optionalString("host"),
            requiredString("fingerprint"),
            stringMap("labels"),
            stringMap("annotations"),
            requiredTimestamp("starts_at"),
            optionalTimestamp("ends_at"),
            optionalString("generator_url"));

    public AlertsTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(Alert row) {
        return row.time();
    }

    @Override
    public void write(Alert a, RowWriter out) {
        out.int64(0, "time", a.time());
        out.string(1, "status", a.status());
        out.string(2, "alertname", a.alertname() == null ? "" : a.alertname());
        out.string(3, "severity", a.labels().get("severity"));
        out.string(4, "host", a.labels().get("host"));
        out.string(5, "fingerprint", a.fingerprint());
        out.map(6, "labels", a.labels());
        out.map(7, "annotations", a.annotations());
        out.int64(8, "starts_at", a.startsAt());
        out.int64(9, "ends_at", a.endsAt() == 0 ? null : a.endsAt());
        out.string(10, "generator_url", a.generatorUrl());
    }
}
