package dev.vigil.jobs.history;

import dev.vigil.correlate.Incident;
import org.apache.parquet.schema.MessageType;

/**
 * {@code incidents}: each incident twice, when it opens and when it closes (same {@code incident_id};
 * the closing row has the final counts). The latest row per id is the incident's state.
 */
public final class IncidentsTable extends HistoryTable<Incident> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "incidents";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("status"),
            requiredString("incident_id"),
            requiredString("rule_id"),
            optionalString("rule_name"),
            requiredString("title"),
            requiredString("level"),
            stringList("tags"),
            requiredString("group_key"),
            requiredTimestamp("first_time"),
            requiredTimestamp("last_time"),
            requiredInt64("event_count"),
            stringList("events"),
            requiredString("summary"),
            stringList("threat_intel"),
            stringList("log_hints"));

    public IncidentsTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(Incident row) {
        return row.time();
    }

    @Override
    public void write(Incident i, RowWriter out) {
        out.int64(0, "time", i.time());
        out.string(1, "status", i.status());
        out.string(2, "incident_id", i.id());
        out.string(3, "rule_id", i.ruleId());
        out.string(4, "rule_name", i.ruleName());
        out.string(5, "title", i.title());
        out.string(6, "level", i.level());
        out.list(7, "tags", i.tags());
        out.string(8, "group_key", i.groupKey());
        out.int64(9, "first_time", i.first());
        out.int64(10, "last_time", i.last());
        out.int64(11, "event_count", i.count());
        out.list(12, "events", i.events());
        out.string(13, "summary", i.summary());
        out.list(14, "threat_intel", i.intel().isEmpty() ? null : i.intel());
        out.list(15, "log_hints", i.logHints().isEmpty() ? null : i.logHints());
    }
}
