package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/** Prints each alert as one readable line: time, status, name, labels, summary. */
public final class ConsoleAlertSink implements Sink<Alert> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        PrintStream out = System.out;
        return new SinkWriter<>() {
            @Override
            public void write(Alert alert, Context context) {
                out.println(line(alert));
            }

            @Override
            public void flush(boolean endOfInput) {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    public static String line(Alert a) {
        StringBuilder b = new StringBuilder(160);
        b.append(Instant.ofEpochMilli(a.time())).append("  ").append(a.status().equals(Alert.FIRING) ? "FIRING  " : "RESOLVED")
                .append(' ').append(a.alertname()).append(" {");
        boolean first = true;
        for (Map.Entry<String, String> e : a.labels().entrySet()) {
            if (e.getKey().equals("alertname")) {
                continue;
            }
            b.append(first ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        b.append("}  ").append(a.annotations().getOrDefault("summary", ""));
        return b.toString();
    }
}
