package dev.vigil.decode;

import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;

/** Receives what a decoder reads from one record: any number of events of the three kinds. */
public interface EventCollector {
    void metric(MetricSample sample);

    void log(LogRecord record);

    void security(SecurityEvent event);
}
