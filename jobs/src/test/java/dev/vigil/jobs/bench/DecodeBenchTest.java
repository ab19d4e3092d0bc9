package dev.vigil.jobs.bench;

import dev.vigil.decode.Decoders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DecodeBenchTest {
    /**
     * Every built-in decoder reads its corpus on the jobs module's classpath (what the cluster jar holds):
     * a dependency conflict there (protobuf's runtime older than OTLP's generated code) fails at class load.
     */
    @Test
    void everyDecoderReadsItsCorpusWithoutDeadLettersOnTheJobsClasspath() {
        Map<String, List<byte[]>> corpora = DecodeBench.corpora(50);
        assertThat(corpora.keySet()).containsAll(List.of(Decoders.AUDITD, Decoders.SYSMON_LINUX, Decoders.ECS_JSON,
                Decoders.JOURNALD, Decoders.INFLUX, Decoders.OTLP_JSON, Decoders.OTLP_PROTO));
        for (DecodeBench.Result r : DecodeBench.run(corpora, 2)) {
            assertThat(r.deadLetters()).as(r.format()).isZero();
            assertThat(r.events()).as(r.format()).isGreaterThanOrEqualTo(r.records());
        }
        DecodeBench.Result assembly = DecodeBench.assembly(20, 2);
        assertThat(assembly.events()).as("process_exec events of 20 execs").isEqualTo(20);
    }
}
