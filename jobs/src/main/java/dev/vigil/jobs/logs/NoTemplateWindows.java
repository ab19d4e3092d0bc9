package dev.vigil.jobs.logs;

import dev.vigil.logs.TemplateWindow;
import dev.vigil.model.LogRecord;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * No template windows: the hints operator's second input when template mining is off. It is derived from
 * the log stream rather than an empty source so that it carries the job's watermarks.
 */
public final class NoTemplateWindows implements FlatMapFunction<LogRecord, TemplateWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(LogRecord record, Collector<TemplateWindow> out) {
        // Emits nothing: see the class comment.
    }
}
