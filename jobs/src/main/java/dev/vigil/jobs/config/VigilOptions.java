package dev.vigil.jobs.config;

import org.apache.flink.configuration.ConfigOption;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

import static org.apache.flink.configuration.ConfigOptions.key;

/**
 * Every Vigil option: typed, documented, with its default, in one place. Keys are dotted and dashed
 * like Flink's own. docs/operations.md lists them; {@code vigil options} prints them.
 * Kafka client settings (SASL, TLS) pass through under {@code kafka.properties.*}.
 */
public final class VigilOptions {
    private VigilOptions() {}

    /** Prefix of Kafka client properties passed through unchanged (e.g. kafka.properties.security.protocol). */
    public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS = key("kafka.bootstrap-servers")
            .stringType().defaultValue("127.0.0.1:9092")
            .withDescription("Kafka bootstrap servers, comma-separated.");

    public static final ConfigOption<String> KAFKA_GROUP_ID = key("kafka.group-id")
            .stringType().defaultValue("vigil")
            .withDescription("Consumer group; offsets are committed on checkpoints.");

    public static final ConfigOption<String> KAFKA_TOPIC_METRICS = key("kafka.topics.metrics")
            .stringType().defaultValue("vigil.metrics")
            .withDescription("Topics of metric samples, comma-separated (empty: not read).");

    public static final ConfigOption<String> KAFKA_TOPIC_LOGS = key("kafka.topics.logs")
            .stringType().defaultValue("vigil.logs")
            .withDescription("Topics of log lines, comma-separated (empty: not read).");

    public static final ConfigOption<String> KAFKA_TOPIC_SECURITY = key("kafka.topics.security")
            .stringType().defaultValue("vigil.security")
            .withDescription("Topics of security events, comma-separated (empty: not read).");

    public static final ConfigOption<String> KAFKA_TOPIC_DEAD_LETTERS = key("kafka.topics.dead-letters")
            .stringType().defaultValue("")
            .withDescription("Topic that also receives dead letters as JSON (empty: history only).");

    public static final ConfigOption<String> KAFKA_TOPIC_ALERTS = key("kafka.topics.alerts")
            .stringType().defaultValue("")
            .withDescription("Topic that receives every alert change as JSON, keyed by fingerprint (empty: none).");

    public static final ConfigOption<Boolean> KAFKA_ALERTS_EXACTLY_ONCE = key("kafka.alerts.exactly-once")
            .booleanType().defaultValue(true)
            .withDescription("Write the alert topic in Kafka transactions committed with each checkpoint (readers use isolation.level=read_committed); false: at least once.");

    public static final ConfigOption<StartingOffsets> KAFKA_STARTING_OFFSETS = key("kafka.starting-offsets")
            .enumType(StartingOffsets.class).defaultValue(StartingOffsets.COMMITTED_OR_EARLIEST)
            .withDescription("Where a new job starts: committed-or-earliest, earliest or latest.");

    public static final ConfigOption<String> FORMAT_METRICS = key("ingest.format.metrics")
            .stringType().defaultValue("auto")
            .withDescription("Decoder for the metrics topic: auto, syslog, prometheus-json, vigil-json, auditd, sysmon-linux, ecs-json, journald, influx, otlp-json, otlp-proto, or a plugged-in one.");

    public static final ConfigOption<String> FORMAT_LOGS = key("ingest.format.logs")
            .stringType().defaultValue("auto").withDescription("Decoder for the logs topic.");

    public static final ConfigOption<String> FORMAT_SECURITY = key("ingest.format.security")
            .stringType().defaultValue("auto").withDescription("Decoder for the security topic.");

    public static final ConfigOption<Map<String, String>> TOPIC_FORMATS = key("kafka.topics.formats")
            .mapType().defaultValue(Map.of())
            .withDescription("More topics, each read with its own decoder: topic:format pairs, e.g. audit:auditd,journal:journald,otel-logs:otlp-json (YAML: a map).");

    public static final ConfigOption<Integer> SYSLOG_YEAR = key("ingest.syslog.year")
            .intType().noDefaultValue()
            .withDescription("Year of RFC 3164 timestamps (which have none); unset: inferred from the receive time.");

    public static final ConfigOption<String> SYSLOG_TIMEZONE = key("ingest.syslog.timezone")
            .stringType().defaultValue("UTC")
            .withDescription("Zone of syslog timestamps that carry no offset.");

    public static final ConfigOption<String> MIN_TIME = key("ingest.min-time")
            .stringType().defaultValue("2000-01-01T00:00:00Z")
            .withDescription("Events before this time are dead-lettered.");

    public static final ConfigOption<Duration> MAX_FUTURE = key("ingest.max-future")
            .durationType().defaultValue(Duration.ofDays(1))
            .withDescription("Events further than this ahead of their receive time are dead-lettered.");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES = key("ingest.max-record-bytes")
            .intType().defaultValue(256 * 1024)
            .withDescription("Records larger than this are dead-lettered whole.");

    public static final ConfigOption<Integer> AUDIT_PROCESSES_PER_HOST = key("ingest.auditd.processes-per-host")
            .intType().defaultValue(20_000)
            .withDescription("The auditd process table (what gives process_exec events their parent) keeps at most this many processes per host; past it, the least recently seen tenth is dropped.");

    public static final ConfigOption<Duration> AUDIT_PROCESS_TTL = key("ingest.auditd.process-ttl")
            .durationType().defaultValue(Duration.ofDays(7))
            .withDescription("A process in the auditd process table that has neither run a program nor started a child for this long (event time) is dropped. Long, because parents are services started days before their children; exits and pid reuse drop entries sooner.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = key("watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("How late an event may arrive behind the newest one of its partition and still count.");

    public static final ConfigOption<Duration> IDLENESS = key("watermark.idleness")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("A partition silent this long while other partitions deliver no longer holds back event time.");

    public static final ConfigOption<Duration> IDLENESS_EMPTY = key("watermark.idleness-empty")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("A partition that has carried no event since the job (re)started (an empty topic) no longer holds back event time after this long silent while others deliver.");

    public static final ConfigOption<Duration> MAX_DRIFT = key("watermark.max-drift")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Kafka partitions whose event time runs this far ahead of the slowest one pause (watermark alignment), so a catch-up applies backpressure instead of buffering.");

    public static final ConfigOption<String> HISTORY_PATH = key("history.path")
            .stringType().defaultValue("./vigil-data/history")
            .withDescription("Root of the Parquet history (local path or any Flink file system URI).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = key("checkpoint.interval")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("Checkpoint interval; history files become visible at each checkpoint.");

    public static final ConfigOption<String> CHECKPOINT_DIR = key("checkpoint.dir")
            .stringType().defaultValue("./vigil-data/checkpoints")
            .withDescription("Checkpoint folder of local streaming runs (vigil run); on a cluster, Flink's execution.checkpointing.dir applies.");

    public static final ConfigOption<Integer> PARALLELISM = key("parallelism")
            .intType().defaultValue(2)
            .withDescription("Parallelism of the job on the local MiniCluster (a cluster submission uses -p).");

    public static final ConfigOption<Duration> SERIES_STALE_AFTER = key("alerts.series-stale-after")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("A series without samples this long is stale: its alerts resolve and its state is dropped.");

    public static final ConfigOption<String> EXTERNAL_URL = key("alerts.external-url")
            .stringType().defaultValue("http://127.0.0.1:8081")
            .withDescription("Base URL of this Vigil (generatorURL and externalURL of alerts).");

    public static final ConfigOption<Duration> HINTS_WINDOW = key("alerts.hints.window")
            .durationType().defaultValue(Duration.ofMinutes(30))
            .withDescription("Root-cause hints look back this long: a firing alert's hints annotation names the host's other alerts that started in it, and alerts and incidents name the host's log templates that rose most in it (log_hints) (0: no hints).");

    public static final ConfigOption<Boolean> LOG_TEMPLATES_ENABLED = key("logs.templates.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Mine log templates: each log event gets a template id, history gets log_templates and log_anomalies.");

    public static final ConfigOption<Duration> LOG_TEMPLATES_WINDOW = key("logs.templates.window")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Window of the per-host template counts (log_templates rows, baselines, rate jumps).");

    public static final ConfigOption<Integer> LOG_TEMPLATES_MAX = key("logs.templates.max-templates")
            .intType().defaultValue(10_000)
            .withDescription("Templates the miner keeps per app; beyond it the least recently seen is forgotten (bounded memory).");

    public static final ConfigOption<String> LOG_TEMPLATES_MASKS_FILE = key("logs.templates.masks-file")
            .stringType().defaultValue("")
            .withDescription("File of extra masking regexes (RE2/J, one per line, # comments), applied before the built-in masks (empty: none).");

    public static final ConfigOption<String> LOG_CATEGORIES_MODEL = key("logs.categories.model")
            .stringType().defaultValue("")
            .withDescription("Log-template category model written by vigil train log-categories (empty: the one bundled in the jar).");

    public static final ConfigOption<Duration> LOG_ANOMALIES_NEW_AFTER = key("logs.anomalies.new-after")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("A template counts as new on a host only once the host's logs have been watched this long.");

    public static final ConfigOption<Double> LOG_ANOMALIES_JUMP_FACTOR = key("logs.anomalies.jump-factor")
            .doubleType().defaultValue(5.0)
            .withDescription("An error template's window is a rate jump at this many times its baseline ...");

    public static final ConfigOption<Integer> LOG_ANOMALIES_JUMP_MIN_COUNT = key("logs.anomalies.jump-min-count")
            .intType().defaultValue(5)
            .withDescription("... and at least this many lines.");

    public static final ConfigOption<String> LOG_ANOMALIES_ALERT_CATEGORIES = key("logs.anomalies.alert-categories")
            .stringType().defaultValue("")
            .withDescription("Comma-separated categories whose log anomalies also raise a LogAnomaly alert, e.g. oom,crash,disk,hardware (empty: none).");

    public static final ConfigOption<String> WEBHOOK_URL = key("alerts.webhook.url")
            .stringType().defaultValue("")
            .withDescription("Webhook that receives the Alertmanager webhook payload (empty: none).");

    public static final ConfigOption<String> WEBHOOK_RECEIVER = key("alerts.webhook.receiver")
            .stringType().defaultValue("vigil")
            .withDescription("The receiver name in the webhook payload.");

    public static final ConfigOption<Duration> WEBHOOK_TIMEOUT = key("alerts.webhook.timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Timeout of one webhook request.");

    public static final ConfigOption<Integer> WEBHOOK_ATTEMPTS = key("alerts.webhook.attempts")
            .intType().defaultValue(3)
            .withDescription("Attempts per notification before it is logged as undelivered.");

    public static final ConfigOption<String> ALERTS_ROUTING = key("alerts.routing")
            .stringType().defaultValue("")
            .withDescription("Routing file in Alertmanager's language (route, receivers, inhibit_rules): durable delivery to Alertmanager, signed webhooks, Slack and PagerDuty (empty: none). See docs/alerts.md.");

    public static final ConfigOption<Duration> DELIVERY_REQUEST_TIMEOUT = key("alerts.delivery.request-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Timeout of one notification request.");

    public static final ConfigOption<Duration> DELIVERY_MAX_AGE = key("alerts.delivery.max-age")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("A notification still undelivered this long after it was made goes to history alert_dead_letters with its last error.");

    public static final ConfigOption<Integer> DELIVERY_MAX_IN_FLIGHT = key("alerts.delivery.max-in-flight")
            .intType().defaultValue(1000)
            .withDescription("Notifications in flight or waiting to retry, per endpoint; beyond it the endpoint's delivery applies back-pressure.");

    public static final ConfigOption<Duration> DELIVERY_BACKOFF_INITIAL = key("alerts.delivery.backoff-initial")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("Delay before the first retry; it doubles with each retry, with jitter.");

    public static final ConfigOption<Duration> DELIVERY_BACKOFF_MAX = key("alerts.delivery.backoff-max")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("Longest delay between retries.");

    public static final ConfigOption<Boolean> CONSOLE = key("alerts.console")
            .booleanType().defaultValue(true)
            .withDescription("Print alerts to standard output.");

    public static final ConfigOption<String> ALERTS_JSONL = key("alerts.jsonl")
            .stringType().defaultValue("")
            .withDescription("File that receives every alert as a JSON line (empty: none).");

    public static final ConfigOption<Boolean> RULES_BUILTIN = key("rules.builtin")
            .booleanType().defaultValue(true)
            .withDescription("Load Vigil's built-in Linux rule pack (rules/vigil).");

    public static final ConfigOption<String> RULES_PATHS = key("rules.paths")
            .stringType().defaultValue("")
            .withDescription("More Sigma rule files or folders, comma-separated.");

    public static final ConfigOption<String> RULES_FIELD_MAPPING = key("rules.field-mapping")
            .stringType().defaultValue("")
            .withDescription("Sigma field mapping file (empty: the shipped one, see docs/rules.md).");

    public static final ConfigOption<Duration> INCIDENT_SUPPRESSION = key("incidents.suppression")
            .durationType().defaultValue(Duration.ofMinutes(30))
            .withDescription("One incident per rule and group per window: later matches update it; it closes after a window without matches.");

    public static final ConfigOption<String> INCIDENT_ALERT_LEVEL = key("incidents.alert-level")
            .stringType().defaultValue("high")
            .withDescription("Incidents at or above this Sigma level also become alerts (informational, low, medium, high, critical).");

    public static final ConfigOption<String> KAFKA_TOPIC_CONTROL = key("kafka.topics.control")
            .stringType().defaultValue("")
            .withDescription("Topic of control messages (rule changes, indicators, silences, inhibitions) as JSON lines (empty: none).");

    public static final ConfigOption<String> CONTROL_DIR = key("control.dir")
            .stringType().defaultValue("")
            .withDescription("Folder watched for files of control messages, for local runs (empty: none).");

    public static final ConfigOption<String> INTEL_PATHS = key("intel.paths")
            .stringType().defaultValue("")
            .withDescription("Threat-intelligence indicator files, comma-separated; each file is a list named after it.");

    public static final ConfigOption<String> EXFIL_METRIC = key("exfiltration.metric")
            .stringType().defaultValue("node_network_transmit_bytes_total")
            .withDescription("Byte counter whose rate is watched for outbound transfers far above a host's baseline (empty: off).");

    public static final ConfigOption<Double> EXFIL_FACTOR = key("exfiltration.factor")
            .doubleType().defaultValue(5.0)
            .withDescription("How many times its baseline a host's outbound rate must reach.");

    public static final ConfigOption<Double> EXFIL_FLOOR = key("exfiltration.min-bytes-per-second")
            .doubleType().defaultValue(10e6)
            .withDescription("Outbound rates below this never count, whatever the baseline.");

    public static final ConfigOption<Boolean> ANOMALY_ENABLED = key("anomaly.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Run the anomaly detector on every metric series.");

    public static final ConfigOption<String> ANOMALY_METRICS = key("anomaly.metrics")
            .stringType().defaultValue("")
            .withDescription("Metric names to watch, comma-separated (empty: every metric).");

    public static final ConfigOption<Boolean> ANOMALY_SKIP_COUNTERS = key("anomaly.skip-counters")
            .booleanType().defaultValue(true)
            .withDescription("Skip Prometheus counters (names ending in _total): their raw values only grow; watch their rates instead.");

    public static final ConfigOption<Double> ANOMALY_RECORD_SCORE = key("anomaly.record-score")
            .doubleType().defaultValue(0.15)
            .withDescription("Episode onsets of the statistical views and novelty reports scoring at least this become rows of history table anomalies (0.15: the views' episode floor).");

    public static final ConfigOption<Double> ANOMALY_ALERT_SCORE = key("anomaly.alert-score")
            .doubleType().defaultValue(0.5)
            .withDescription("A MetricAnomaly alert fires when a series' score reaches this (or its family's calibrated score, if higher).");

    public static final ConfigOption<Double> ANOMALY_RESOLVE_SCORE = key("anomaly.resolve-score")
            .doubleType().defaultValue(0.15)
            .withDescription("The alert resolves once scores stay below this for anomaly.resolve-after samples.");

    public static final ConfigOption<Integer> ANOMALY_RESOLVE_AFTER = key("anomaly.resolve-after")
            .intType().defaultValue(6)
            .withDescription("Consecutive calm samples that resolve a MetricAnomaly alert.");

    public static final ConfigOption<Integer> ANOMALY_ALERT_WARMUP = key("anomaly.alert-warmup")
            .intType().defaultValue(288)
            .withDescription("Samples a series must have (its learning period) before it may alert; anomalies are recorded earlier.");

    public static final ConfigOption<Duration> ANOMALY_SUSTAIN = key("anomaly.sustain")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("A MetricAnomaly alert fires only when the series has stayed outside its expected range, on the side that is a problem for it (docs/alerts.md), this long, its score reaching the alert score.");

    public static final ConfigOption<Duration> ANOMALY_STATE_TTL = key("anomaly.state-ttl")
            .durationType().defaultValue(Duration.ofDays(1))
            .withDescription("A series without samples this long (event time) resolves its alert and drops its detector state.");

    public static final ConfigOption<String> ANOMALY_CALIBRATION = key("anomaly.calibration")
            .stringType().defaultValue("")
            .withDescription("Score calibration file written by vigil train (empty: the one bundled in the jar).");

    public static final ConfigOption<Boolean> FORECAST_ENABLED = key("forecast.enabled")
            .booleanType().defaultValue(true)
            .withDescription("Forecast when filesystems (space, inodes), memory and swap run out.");

    public static final ConfigOption<String> FORECAST_RESOURCES = key("forecast.resources")
            .stringType().defaultValue(dev.vigil.forecast.Resource.format(dev.vigil.forecast.Resource.DEFAULTS))
            .withDescription("Resources to forecast, comma-separated, each name:free_metric/limit_metric[@instance_label]=AlertName.");

    public static final ConfigOption<String> FORECAST_LEAK_METRIC = key("forecast.leak-metric")
            .stringType().defaultValue("process_resident_memory_bytes")
            .withDescription("Per-process memory watched for leaks, against the host's memory (empty: no leak detection).");

    public static final ConfigOption<String> FORECAST_LEAK_LIMIT_METRIC = key("forecast.leak-limit-metric")
            .stringType().defaultValue("node_memory_MemTotal_bytes")
            .withDescription("The host's memory, the limit a leak runs into.");

    public static final ConfigOption<Duration> FORECAST_WARNING_HORIZON = key("forecast.warning-horizon")
            .durationType().defaultValue(Duration.ofHours(24))
            .withDescription("Warn when the forecast band's earliest exhaustion is this close (on at least a day of evidence).");

    public static final ConfigOption<Duration> FORECAST_CRITICAL_HORIZON = key("forecast.critical-horizon")
            .durationType().defaultValue(Duration.ofHours(4))
            .withDescription("Critical when the band's earliest exhaustion is this close and the central ETA within twice it.");

    public static final ConfigOption<Duration> FORECAST_STATE_TTL = key("forecast.state-ttl")
            .durationType().defaultValue(Duration.ofDays(1))
            .withDescription("A resource without samples this long (event time) resolves its alerts and drops its state.");

    /** An option's key, default and description as plain text (for `vigil options` and the docs). */
    public record Row(String key, String defaultValue, String description) {}

    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        org.apache.flink.configuration.description.HtmlFormatter html = new org.apache.flink.configuration.description.HtmlFormatter();
        for (ConfigOption<?> o : all()) {
            String def;
            if (!o.hasDefaultValue()) {
                def = "(unset)";
            } else if (o.defaultValue() instanceof Duration d) {
                def = org.apache.flink.util.TimeUtils.formatWithHighestUnit(d);
            } else {
                def = String.valueOf(o.defaultValue());
            }
            rows.add(new Row(o.key(), def.isEmpty() ? "\"\"" : def, html.format(o.description()).replaceAll("<[^>]+>", "")));
        }
        return rows;
    }

    /** All options declared above, for validation and documentation. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field f : VigilOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                try {
                    options.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }
}
