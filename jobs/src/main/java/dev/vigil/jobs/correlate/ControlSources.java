package dev.vigil.jobs.correlate;

import dev.vigil.correlate.ControlMessage;
import dev.vigil.correlate.ControlMessages;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.model.DeadLetter;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The control stream: indicator files read when the job is built, then messages from a Kafka topic and
 * from files dropped into a watched folder. It carries no event time at all ({@link NoEventTime}): it
 * neither holds event time back nor moves it on; a line that is not a valid message becomes a dead letter.
 */
public final class ControlSources {
    public static final OutputTag<DeadLetter> BAD = new OutputTag<>("bad-control", TypeInformation.of(DeadLetter.class));

    /**
     * The control messages, and the dead letters of lines that were not: one stream per parsed source,
     * none when the job reads the indicator files only.
     */
    public record Output(DataStream<ControlMessage> messages, List<DataStream<DeadLetter>> deadLetters) {
        public Output {
            deadLetters = List.copyOf(deadLetters);
        }
    }

    private ControlSources() {}

    public static Output build(StreamExecutionEnvironment env, VigilConfig c, boolean bounded) {
        List<ControlMessage> initial = new ArrayList<>();
        initial.add(Control.NOOP);
        for (String p : c.list(VigilOptions.INTEL_PATHS)) {
            java.nio.file.Path file = java.nio.file.Path.of(p);
            try {
                String list = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                initial.addAll(ControlMessages.indicatorFile(list, Files.readAllLines(file, StandardCharsets.UTF_8), List.of()));
            } catch (IOException e) {
                throw new UncheckedIOException("intel.paths: cannot read " + file, e);
            }
        }
        WatermarkStrategy<ControlMessage> idle = WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle<>());
        DataStream<ControlMessage> messages = env.fromData(initial, TypeInformation.of(ControlMessage.class))
                .name("control: indicator files").uid("control-initial")
                .assignTimestampsAndWatermarks(idle).name("control: no event time").uid("control-initial-time");
        List<DataStream<DeadLetter>> bad = new ArrayList<>();
        List<DataStream<String>> lines = new ArrayList<>();
        String topic = c.get(VigilOptions.KAFKA_TOPIC_CONTROL);
        if (!bounded && !topic.isBlank()) {
            Properties props = new Properties();
            props.putAll(c.kafkaProperties());
            KafkaSource<String> source = KafkaSource.<String>builder()
                    .setBootstrapServers(c.get(VigilOptions.KAFKA_BOOTSTRAP_SERVERS))
                    .setTopics(topic.trim())
                    .setGroupId(c.get(VigilOptions.KAFKA_GROUP_ID) + "-control")
                    .setStartingOffsets(OffsetsInitializer.earliest())
                    .setValueOnlyDeserializer(new SimpleStringSchema())
                    .setProperties(props)
                    .build();
            lines.add(env.fromSource(source, WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle<>()), "kafka: control (" + topic + ")")
                    .uid("control-kafka"));
        }
        String dir = c.get(VigilOptions.CONTROL_DIR);
        if (!bounded && !dir.isBlank()) {
            FileSource<String> files = FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(dir))
                    .monitorContinuously(Duration.ofSeconds(2)).build();
            lines.add(env.fromSource(files, WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle<>()), "file: control (" + dir + ")")
                    .uid("control-dir"));
        }
        for (DataStream<String> l : lines) {
            SingleOutputStreamOperator<ControlMessage> parsed = l.process(new Parse()).name("parse control").uid("parse-control-" + lines.indexOf(l));
            messages = messages.union(parsed);
            bad.add(parsed.getSideOutput(BAD));
        }
        messages = messages.transform("control: no event time", TypeInformation.of(ControlMessage.class), new NoEventTime<>())
                .setParallelism(1).uid("control-no-event-time");
        return new Output(messages, bad);
    }

    /** Parses control lines; a line that is not a message is dead-lettered with the reason. */
    static final class Parse extends ProcessFunction<String, ControlMessage> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(String line, Context ctx, Collector<ControlMessage> out) {
            if (line.isBlank()) {
                return;
            }
            try {
                out.collect(ControlMessages.parse(line));
            } catch (IllegalArgumentException e) {
                byte[] raw = line.getBytes(StandardCharsets.UTF_8);
                ctx.output(BAD, new DeadLetter(System.currentTimeMillis(), "control", "control-json", "control", null, 0,
                        e.getMessage(), line, null, raw.length));
            }
        }
    }

    /** Watermarks of a stream that carries no event time: always idle, never holding others back. */
    static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
