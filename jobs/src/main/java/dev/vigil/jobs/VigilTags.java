package dev.vigil.jobs;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Every side output of the job, in one place. */
public final class VigilTags {
    private VigilTags() {}

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Kafka records deleted by the broker before they were read (history table gaps, and an alert). */
    public static final OutputTag<dev.vigil.model.Gap> GAPS =
            new OutputTag<>("gaps", TypeInformation.of(dev.vigil.model.Gap.class));

    /** Metric samples, for threshold rules, anomaly detection, forecasts and the exfiltration baseline. */
    public static final OutputTag<MetricSample> METRICS =
            new OutputTag<>("metrics", TypeInformation.of(MetricSample.class));

    /** Security events, for Sigma detection. */
    public static final OutputTag<SecurityEvent> SECURITY =
            new OutputTag<>("security", TypeInformation.of(SecurityEvent.class));

    /** Samples that arrived after the watermark had passed them: stored in history, not evaluated by rules. */
    public static final OutputTag<MetricSample> LATE_SAMPLES =
            new OutputTag<>("late-samples", TypeInformation.of(MetricSample.class));

    /** MetricAnomaly alerts of the anomaly detector (its main output is the anomalies themselves). */
    public static final OutputTag<dev.vigil.alert.Alert> ANOMALY_ALERTS =
            new OutputTag<>("anomaly-alerts", TypeInformation.of(dev.vigil.alert.Alert.class));

    /** Samples the anomaly detector skipped because they arrived after the watermark. */
    public static final OutputTag<MetricSample> LATE_ANOMALY_SAMPLES =
            new OutputTag<>("late-anomaly-samples", TypeInformation.of(MetricSample.class));

    /** FilesystemWillFill and the other exhaustion alerts of the forecasts. */
    public static final OutputTag<dev.vigil.alert.Alert> FORECAST_ALERTS =
            new OutputTag<>("forecast-alerts", TypeInformation.of(dev.vigil.alert.Alert.class));

    /** Free-amount samples the forecasts skipped because they arrived after the watermark. */
    public static final OutputTag<MetricSample> LATE_FORECAST_SAMPLES =
            new OutputTag<>("late-forecast-samples", TypeInformation.of(MetricSample.class));

    /** Log records, for the template miner and Sigma detection. */
    public static final OutputTag<dev.vigil.model.LogRecord> LOGS =
            new OutputTag<>("logs", TypeInformation.of(dev.vigil.model.LogRecord.class));

    /** Each mined line's template, text and category, for the per-host template activity. */
    public static final OutputTag<dev.vigil.jobs.logs.TemplateSighting> TEMPLATE_SIGHTINGS =
            new OutputTag<>("template-sightings", TypeInformation.of(dev.vigil.jobs.logs.TemplateSighting.class));

    /** New templates and rate jumps (history log_anomalies). */
    public static final OutputTag<dev.vigil.logs.LogAnomaly> LOG_ANOMALIES =
            new OutputTag<>("log-anomalies", TypeInformation.of(dev.vigil.logs.LogAnomaly.class));

    /** LogAnomaly alerts, for the configured categories. */
    public static final OutputTag<dev.vigil.alert.Alert> LOG_ANOMALY_ALERTS =
            new OutputTag<>("log-anomaly-alerts", TypeInformation.of(dev.vigil.alert.Alert.class));
}
