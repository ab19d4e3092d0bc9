package dev.vigil.jobs;

import dev.vigil.alert.Alert;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.config.StartingOffsets;
import dev.vigil.jobs.ingest.EnvelopeTimestamps;
import dev.vigil.jobs.history.AlertsTable;
import dev.vigil.jobs.history.DeadLettersTable;
import dev.vigil.jobs.history.EventsTable;
import dev.vigil.jobs.history.HistorySinks;
import dev.vigil.jobs.history.IncidentsTable;
import dev.vigil.jobs.history.LateEventsTable;
import dev.vigil.jobs.notify.ConsoleAlertSink;
import dev.vigil.jobs.ingest.DeadLetterJson;
import dev.vigil.jobs.notify.JsonLinesAlertSink;
import dev.vigil.jobs.notify.WebhookSink;
import dev.vigil.jobs.ingest.ReadHistoryEvents;
import dev.vigil.jobs.ingest.DecodeLines;
import dev.vigil.jobs.ingest.IngestSettings;
import dev.vigil.jobs.ingest.KafkaEnvelopeDeserializer;
import dev.vigil.jobs.ingest.LineFormat;
import dev.vigil.jobs.ingest.RawLine;
import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.model.DeadLetter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The production sources and sinks of {@link VigilJob}, built from configuration. */
public final class Wiring {
    private Wiring() {}

    /** Decoder settings shared by every stream, with the stream's own format. */
    public static IngestSettings ingest(VigilConfig c, String format, String stream) {
        return new IngestSettings(format, stream, c.get(VigilOptions.SYSLOG_YEAR), c.get(VigilOptions.SYSLOG_TIMEZONE),
                Instant.parse(c.get(VigilOptions.MIN_TIME)).toEpochMilli(), c.get(VigilOptions.MAX_FUTURE),
                c.get(VigilOptions.MAX_RECORD_BYTES));
    }

    /**
     * One Kafka source per stream (metrics, logs, security), each over its topics with its own decoder;
     * records are decoded inside the source so watermarks are per partition. The streams are unioned.
     *
     * @param stopping where a bounded run stops (the demo), or null to run unbounded
     */
    public static VigilJob.Sources kafka(VigilConfig c, OffsetsInitializer stopping) {
        Map<String, List<String>> topics = new LinkedHashMap<>();
        Map<String, IngestSettings> settings = new LinkedHashMap<>();
        addStream(topics, settings, "metrics", c.get(VigilOptions.KAFKA_TOPIC_METRICS), ingest(c, c.get(VigilOptions.FORMAT_METRICS), "metrics"));
        addStream(topics, settings, "logs", c.get(VigilOptions.KAFKA_TOPIC_LOGS), ingest(c, c.get(VigilOptions.FORMAT_LOGS), "logs"));
        addStream(topics, settings, "security", c.get(VigilOptions.KAFKA_TOPIC_SECURITY), ingest(c, c.get(VigilOptions.FORMAT_SECURITY), "security"));
        for (Map.Entry<String, String> t : new java.util.TreeMap<>(c.get(VigilOptions.TOPIC_FORMATS)).entrySet()) {
            addStream(topics, settings, "topic-" + t.getKey(), t.getKey(), ingest(c, t.getValue().trim(), t.getKey()));
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no Kafka topic configured: set kafka.topics.metrics, .logs or .security");
        }
        for (Map.Entry<String, IngestSettings> e : settings.entrySet()) {
            e.getValue().newDecoder(); // an unknown format fails here, naming the known ones
        }
        Properties props = new Properties();
        props.putAll(c.kafkaProperties());
        Map<String, String> lookupProps = new LinkedHashMap<>(c.kafkaProperties());
        lookupProps.put("bootstrap.servers", c.get(VigilOptions.KAFKA_BOOTSTRAP_SERVERS));
        lookupProps.put("client.id", "vigil-offset-lookup");
        // A bounded read (the demo, benchmarks) goes without watermark alignment: flink-connector-kafka
        // 5.0.0-2.2 may pause a partition whose split has just reached its stopping offset, and the consumer
        // then fails the job with "No current assignment for partition" (FLINK-39728, fixed upstream after
        // that release). Unbounded splits never finish, and alignment is what a long catch-up needs.
        WatermarkStrategy<Envelope> watermarks = stopping != null
                ? EnvelopeTimestamps.strategy(c.get(VigilOptions.OUT_OF_ORDERNESS), c.get(VigilOptions.IDLENESS), c.get(VigilOptions.IDLENESS_EMPTY))
                : EnvelopeTimestamps.aligned(c.get(VigilOptions.OUT_OF_ORDERNESS), c.get(VigilOptions.IDLENESS),
                        c.get(VigilOptions.IDLENESS_EMPTY), c.get(VigilOptions.MAX_DRIFT));
        List<KafkaSource<Envelope>> sources = new ArrayList<>();
        List<String> streams = new ArrayList<>(topics.keySet());
        for (String stream : streams) {
            Map<String, IngestSettings> byTopic = new LinkedHashMap<>();
            for (String topic : topics.get(stream)) {
                byTopic.put(topic, settings.get(stream));
            }
            KafkaSourceBuilder<Envelope> builder = KafkaSource.<Envelope>builder()
                    .setBootstrapServers(c.get(VigilOptions.KAFKA_BOOTSTRAP_SERVERS))
                    .setTopics(topics.get(stream))
                    .setGroupId(c.get(VigilOptions.KAFKA_GROUP_ID))
                    .setClientIdPrefix("vigil-" + stream)
                    .setDeserializer(new KafkaEnvelopeDeserializer(byTopic, lookupProps, c.get(VigilOptions.KAFKA_GROUP_ID),
                            c.get(VigilOptions.KAFKA_STARTING_OFFSETS) != StartingOffsets.LATEST))
                    .setStartingOffsets(startingOffsets(c.get(VigilOptions.KAFKA_STARTING_OFFSETS)))
                    .setProperties(props);
            if (stopping != null) {
                builder.setBounded(stopping);
            }
            sources.add(builder.build());
        }
        return env -> {
            DataStream<Envelope> all = null;
            for (int i = 0; i < sources.size(); i++) {
                String stream = streams.get(i);
                DataStream<Envelope> one = env.fromSource(sources.get(i), watermarks,
                        "kafka: " + stream + " (" + String.join(", ", topics.get(stream)) + ")").uid("kafka-source-" + stream);
                all = all == null ? one : all.union(one);
            }
            return all;
        };
    }

    /** A stream's topics: a comma-separated list; empty means the stream is not read. */
    private static void addStream(Map<String, List<String>> topics, Map<String, IngestSettings> settings,
                                  String stream, String topicList, IngestSettings streamSettings) {
        List<String> names = VigilConfig.commaSeparated(topicList);
        if (!names.isEmpty()) {
            topics.put(stream, names);
            settings.put(stream, streamSettings);
        }
    }

    static OffsetsInitializer startingOffsets(StartingOffsets mode) {
        return switch (mode) {
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> new dev.vigil.jobs.ingest.LatestOffsets();
        };
    }

    /**
     * Files replayed line by line: one file source per file (a line format is told its file's name so
     * dead letters can name it), decoded after the source.
     *
     * @param receivedAt the replay's receive time for every line
     */
    public static VigilJob.Sources files(List<String> files, IngestSettings settings, long receivedAt, VigilConfig c) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no input files");
        }
        WatermarkStrategy<Envelope> watermarks = EnvelopeTimestamps.strategy(
                c.get(VigilOptions.OUT_OF_ORDERNESS), c.get(VigilOptions.IDLENESS), c.get(VigilOptions.IDLENESS_EMPTY));
        List<String> inputs = List.copyOf(files);
        return env -> {
            DataStream<RawLine> lines = null;
            for (int i = 0; i < inputs.size(); i++) {
                String file = inputs.get(i);
                FileSource<RawLine> source = FileSource.forRecordStreamFormat(new LineFormat(file), new Path(file)).build();
                DataStream<RawLine> one = env.fromSource(source, WatermarkStrategy.noWatermarks(), "file: " + file).uid("file-source-" + i);
                lines = lines == null ? one : lines.union(one);
            }
            return lines.flatMap(new DecodeLines(settings, receivedAt)).name("decode lines").uid("decode-lines")
                    .assignTimestampsAndWatermarks(watermarks).name("event time").uid("event-time");
        };
    }

    /**
     * The stored events of a history in [from, to), for backtests: one-hour slices read in parallel
     * ({@link ReadHistoryEvents}), then the job's own event-time assignment.
     */
    public static VigilJob.Sources history(java.nio.file.Path history, java.time.Instant from, java.time.Instant to, VigilConfig c) {
        WatermarkStrategy<Envelope> watermarks = EnvelopeTimestamps.strategy(
                c.get(VigilOptions.OUT_OF_ORDERNESS), c.get(VigilOptions.IDLENESS), c.get(VigilOptions.IDLENESS_EMPTY));
        long slice = java.time.Duration.ofHours(1).toMillis();
        long slices = ReadHistoryEvents.slices(from, to, slice);
        return env -> env.fromSource(new org.apache.flink.api.connector.source.lib.NumberSequenceSource(0, slices - 1),
                        WatermarkStrategy.noWatermarks(), "history slices").uid("history-slices")
                .flatMap(new ReadHistoryEvents(history, from, to, slice)).name("read history events").uid("read-history-events")
                .assignTimestampsAndWatermarks(watermarks).name("event time").uid("event-time");
    }

    /**
     * The alert topic: exactly once (Kafka transactions committed on checkpoints) unless configured
     * otherwise. Transactions must not outlive the broker's transaction.max.timeout.ms (15 min by
     * default), so that is the producer's timeout unless kafka.properties sets one.
     */
    static KafkaSink<Alert> alertTopicSink(VigilConfig c, String topic) {
        Properties props = new Properties();
        props.setProperty("transaction.timeout.ms", "900000");
        props.putAll(c.kafkaProperties());
        boolean exactlyOnce = c.get(VigilOptions.KAFKA_ALERTS_EXACTLY_ONCE);
        var builder = KafkaSink.<Alert>builder()
                .setBootstrapServers(c.get(VigilOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(props)
                .setRecordSerializer(KafkaRecordSerializationSchema.<Alert>builder().setTopic(topic)
                        .setKeySerializationSchema(new dev.vigil.jobs.notify.AlertJson.Key())
                        .setValueSerializationSchema(new dev.vigil.jobs.notify.AlertJson()).build())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            builder.setTransactionalIdPrefix("vigil-alerts-" + c.get(VigilOptions.KAFKA_GROUP_ID));
        }
        return builder.build();
    }

    /** History FileSinks under {@code historyRoot}, plus the alert receivers and dead-letter topic configured. */
    public static VigilJob.Sinks sinks(VigilConfig c, String historyRoot) {
        List<VigilJob.Named<Alert>> alertOutputs = new ArrayList<>();
        if (c.get(VigilOptions.CONSOLE)) {
            alertOutputs.add(new VigilJob.Named<>("console", new ConsoleAlertSink()));
        }
        String jsonl = c.get(VigilOptions.ALERTS_JSONL);
        if (!jsonl.isBlank()) {
            alertOutputs.add(new VigilJob.Named<>("jsonl", new JsonLinesAlertSink(jsonl)));
        }
        String webhook = c.get(VigilOptions.WEBHOOK_URL);
        if (!webhook.isBlank()) {
            alertOutputs.add(new VigilJob.Named<>("webhook", new WebhookSink(webhook, c.get(VigilOptions.WEBHOOK_RECEIVER),
                    c.get(VigilOptions.EXTERNAL_URL), c.get(VigilOptions.WEBHOOK_TIMEOUT), c.get(VigilOptions.WEBHOOK_ATTEMPTS))));
        }
        String alertTopic = c.get(VigilOptions.KAFKA_TOPIC_ALERTS);
        if (!alertTopic.isBlank()) {
            alertOutputs.add(new VigilJob.Named<>("kafka", alertTopicSink(c, alertTopic.trim())));
        }
        List<VigilJob.Named<DeadLetter>> deadLetterOutputs = new ArrayList<>();
        String dlq = c.get(VigilOptions.KAFKA_TOPIC_DEAD_LETTERS);
        if (!dlq.isBlank()) {
            Properties props = new Properties();
            props.putAll(c.kafkaProperties());
            KafkaSink<DeadLetter> sink = KafkaSink.<DeadLetter>builder()
                    .setBootstrapServers(c.get(VigilOptions.KAFKA_BOOTSTRAP_SERVERS))
                    .setKafkaProducerConfig(props)
                    .setRecordSerializer(KafkaRecordSerializationSchema.<DeadLetter>builder()
                            .setTopic(dlq.trim()).setValueSerializationSchema(new DeadLetterJson()).build())
                    .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                    .build();
            deadLetterOutputs.add(new VigilJob.Named<>("kafka", sink));
        }
        return new VigilJob.Sinks(
                HistorySinks.fileSink(historyRoot, new EventsTable()),
                HistorySinks.fileSink(historyRoot, new EventsTable(), "part-logs"),
                HistorySinks.fileSink(historyRoot, new EventsTable(), "part-audit"),
                HistorySinks.fileSink(historyRoot, new DeadLettersTable()),
                HistorySinks.fileSink(historyRoot, new AlertsTable()),
                HistorySinks.fileSink(historyRoot, new IncidentsTable()),
                HistorySinks.fileSink(historyRoot, new LateEventsTable()),
                HistorySinks.fileSink(historyRoot, new dev.vigil.jobs.history.AnomaliesTable()),
                HistorySinks.fileSink(historyRoot, new dev.vigil.jobs.history.ForecastsTable()),
                HistorySinks.fileSink(historyRoot, new dev.vigil.jobs.history.AlertDeadLettersTable()),
                HistorySinks.fileSink(historyRoot, new dev.vigil.jobs.history.NotificationsTable()),
                HistorySinks.fileSink(historyRoot, new dev.vigil.jobs.history.LogTemplatesTable()),
                HistorySinks.fileSink(historyRoot, new dev.vigil.jobs.history.LogAnomaliesTable()),
                HistorySinks.fileSink(historyRoot, new dev.vigil.jobs.history.GapsTable()),
                alertOutputs, deadLetterOutputs);
    }
}
