package dev.vigil.jobs.history;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Hive-style partitions {@code dt=YYYY-MM-DD/hour=HH} by each row's own time (UTC), so a query for a
 * time range reads only the folders of that range, whatever the arrival order.
 */
public final class HourPartitions<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private final HistoryTable<T> table;

    public HourPartitions(HistoryTable<T> table) {
        this.table = table;
    }

    @Override
    public String getBucketId(T row, Context context) {
        return partitionOf(table.partitionTime(row));
    }

    /** dt=YYYY-MM-DD/hour=HH for an epoch-millis time; computed without allocating a date object per row. */
    public static String partitionOf(long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        int hour = (int) (Math.floorMod(epochMillis, 86_400_000L) / 3_600_000L);
        // Civil-from-days (proleptic Gregorian), as java.time does it, inlined for the hot path.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        StringBuilder b = new StringBuilder(22).append("dt=");
        if (y < 1000) {
            b.append(y < 10 ? "000" : y < 100 ? "00" : "0");
        }
        b.append(y).append('-');
        if (m < 10) {
            b.append('0');
        }
        b.append(m).append('-');
        if (d < 10) {
            b.append('0');
        }
        b.append(d).append("/hour=");
        if (hour < 10) {
            b.append('0');
        }
        return b.append(hour).toString();
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
