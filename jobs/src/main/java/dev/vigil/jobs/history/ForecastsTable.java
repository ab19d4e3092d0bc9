package dev.vigil.jobs.history;

import dev.vigil.forecast.ForecastRow;
import org.apache.parquet.schema.MessageType;

/** {@code forecasts}: when each resource with a limit will run out, with an 80% band. */
public final class ForecastsTable extends HistoryTable<ForecastRow> {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "forecasts";

    private static final MessageType SCHEMA = new MessageType(NAME,
            requiredTimestamp("time"),
            requiredString("host"),
            requiredString("resource"),
            stringMap("labels"),
            optionalDouble("current"),
            optionalDouble("limit"),
            optionalTimestamp("eta"),
            optionalTimestamp("eta_lower"),
            optionalTimestamp("eta_upper"),
            optionalDouble("rate_per_hour"),
            requiredString("method"),
            optionalDouble("confidence"));

    public ForecastsTable() {
        super(NAME);
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public long partitionTime(ForecastRow row) {
        return row.time();
    }

    @Override
    public void write(ForecastRow f, RowWriter out) {
        out.int64(0, "time", f.time());
        out.string(1, "host", f.host());
        out.string(2, "resource", f.resource());
        out.map(3, "labels", f.labels());
        out.float64(4, "current", f.current());
        out.float64(5, "limit", f.limit());
        out.int64(6, "eta", f.eta());
        out.int64(7, "eta_lower", f.etaLower());
        out.int64(8, "eta_upper", f.etaUpper());
        out.float64(9, "rate_per_hour", f.ratePerHour());
        out.string(10, "method", f.method());
        out.float64(11, "confidence", f.confidence());
    }
}
