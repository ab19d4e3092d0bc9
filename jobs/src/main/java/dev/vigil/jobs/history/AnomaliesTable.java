package dev.vigil.jobs.history;

import dev.vigil.anomaly.Anomaly;
import org.apache.parquet.schema.MessageType;

/** {@code anomalies}: metric samples the anomaly detector found unusual, with the evidence of each view. */
public final class AnomaliesTable extends HistoryTable<Anomaly> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "anomalies";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("host"),
            requiredString("name"),
            stringMap("labels"),
            optionalDouble("value"),
            optionalDouble("score"),
            optionalDouble("expected_low"),
            optionalDouble("expected_high"),
            optionalDouble("p_level"),
            optionalDouble("p_change"),
            optionalDouble("p_shape"),
            optionalDouble("p_quiet"),
            optionalDouble("novelty"),
            requiredString("detector"),
            requiredString("model_hash"));

    public AnomaliesTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(Anomaly row) {
        return row.time();
    }

    @Override
    public void write(Anomaly a, RowWriter out) {
        out.int64(0, "time", a.time());
        out.string(1, "host", a.host());
        out.string(2, "name", a.name());
        out.map(3, "labels", a.labels());
        out.float64(4, "value", a.value());
        out.float64(5, "score", a.score());
        out.float64(6, "expected_low", a.expectedLow());
        out.float64(7, "expected_high", a.expectedHigh());
        out.float64(8, "p_level", a.pLevel());
        out.float64(9, "p_change", a.pChange());
        out.float64(10, "p_shape", a.pShape());
        out.float64(11, "p_quiet", a.pQuiet());
        out.float64(12, "novelty", a.novelty());
        out.string(13, "detector", a.detector());
        out.string(14, "model_hash", a.modelHash());
    }
}
