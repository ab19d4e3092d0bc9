package dev.vigil.jobs;

import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.jobs.metrics.RuleSample;

import dev.vigil.alert.Alert;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything the job moves between operators or keeps in state has a Flink serializer, not Kryo. */
class FlinkTypesTest {
    @ParameterizedTest
    @ValueSource(classes = {Envelope.class, RuleSample.class, MetricSample.class, LogRecord.class, SecurityEvent.class,
        DeadLetter.class, dev.vigil.model.Gap.class, Alert.class, dev.vigil.jobs.ingest.RawLine.class})
    void isAPojoTypeWithoutGenericFields(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        // Throws if any field would fall back to Kryo.
        assertThat(info.createSerializer(noKryo)).isNotNull();
    }

    @Test
    void envelopesOfEveryKindSurviveSerialisation() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<Envelope> serializer = TypeInformation.of(Envelope.class).createSerializer(config);
        List<Envelope> all = List.of(
                Envelope.of(new MetricSample(1, "h", "up", 1.5, Map.of("job", "node"))),
                Envelope.of(new LogRecord(2, "h", null, null, "info", "x", Map.of())),
                Envelope.of(SecurityEvent.builder(3, "h", SecurityAction.AUTH_FAILURE, "failure").user("root").sourcePort(22).bytes(7L).build()),
                Envelope.of(new DeadLetter(4, "logs", "auto", "t", null, 9, "bad", null, "AAE=", 2)),
                Envelope.of(new dev.vigil.model.Gap(5, "metrics", "t", 1, 10, 19, "deleted")));
        for (Envelope e : all) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(e, out);
            Envelope back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(e);
            assertThat(serializer.copy(e)).isEqualTo(e);
        }
    }
}
