package dev.vigil.jobs.bench;

import dev.vigil.alert.Alert;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A benchmark's alert receiver: notes the wall-clock time each alert reaches the end of the job, with the
 * event time that made it (its start when firing, its end when resolved). It hands them to the benchmark
 * through a registry in this JVM, so it only works on a local MiniCluster, which is where benchmarks run.
 */
public final class AlertArrivals implements Sink<Alert> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<long[]>> RUNS = new ConcurrentHashMap<>();

    private final String run;

    private AlertArrivals(String run) {
        this.run = run;
    }

    /** A receiver for a run; read what arrived with {@link #take}. */
    public static AlertArrivals forRun(String run) {
        RUNS.put(run, java.util.Collections.synchronizedList(new ArrayList<>()));
        return new AlertArrivals(run);
    }

    /** Each arrival as {wall-clock ms, event time ms}; forgets the run. */
    public static List<long[]> take(String run) {
        List<long[]> arrivals = RUNS.remove(run);
        if (arrivals == null) {
            throw new IllegalStateException("no alert receiver for benchmark run " + run);
        }
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    /** How many alerts of a run have arrived so far. */
    public static int count(String run) {
        List<long[]> arrivals = RUNS.get(run);
        return arrivals == null ? 0 : arrivals.size();
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        List<long[]> arrivals = RUNS.get(run);
        if (arrivals == null) {
            throw new IllegalStateException("no alert receiver for benchmark run " + run + " in this JVM (a benchmark runs on a local MiniCluster)");
        }
        return new SinkWriter<>() {
            @Override
            public void write(Alert alert, Context context) {
                long eventTime = alert.status().equals(Alert.FIRING) ? alert.startsAt() : alert.endsAt();
                arrivals.add(new long[] {System.currentTimeMillis(), eventTime});
            }

            @Override
            public void flush(boolean endOfInput) {
                // Nothing buffered.
            }

            @Override
            public void close() {
                // The registry outlives the writer; the benchmark takes the arrivals.
            }
        };
    }
}
