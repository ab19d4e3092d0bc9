package dev.vigil.decode;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;

import java.util.ArrayList;
import java.util.List;

/** A {@link RecordDecoder.Output} that keeps everything in lists: for tests, evaluation and small tools. */
public final class CollectingOutput implements RecordDecoder.Output {
    public final List<MetricSample> metrics = new ArrayList<>();
    public final List<LogRecord> logs = new ArrayList<>();
    public final List<SecurityEvent> security = new ArrayList<>();
    public final List<DeadLetter> deadLetters = new ArrayList<>();

    @Override
    public void metric(MetricSample sample) {
        metrics.add(sample);
    }

    @Override
    public void log(LogRecord record) {
        logs.add(record);
    }

    @Override
    public void security(SecurityEvent event) {
        security.add(event);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    public int events() {
        return metrics.size() + logs.size() + security.size();
    }
}
