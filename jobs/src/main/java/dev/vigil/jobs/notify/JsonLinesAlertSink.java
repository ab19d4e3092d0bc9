package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertmanagerWebhook;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends every alert as one JSON line (Alertmanager's alert object) to a local file. Run it at parallelism 1. */
public final class JsonLinesAlertSink implements Sink<Alert> {
    private static final long serialVersionUID = 1L;
    private final String path;

    public JsonLinesAlertSink(String path) {
        this.path = path;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) throws IOException {
        Path file = Path.of(path);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new SinkWriter<>() {
            @Override
            public void write(Alert alert, Context context) throws IOException {
                writer.write(AlertmanagerWebhook.jsonLine(alert));
                writer.newLine();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                writer.flush();
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }
}
