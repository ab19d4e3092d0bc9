package dev.vigil.jobs;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.runtime.LocalFlink;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets given as references never reach the submitted job graph: the TaskManagers resolve them. */
class SecretsInJobGraphTest {
    @TempDir
    Path dir;

    @Test
    void theSerialisedJobGraphHoldsSecretReferencesButNotTheirValues() throws Exception {
        Path jaas = dir.resolve("jaas");
        Files.writeString(jaas, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil\" password=\"kafka-s3cret-4711\";\n");
        Path hook = dir.resolve("hook");
        Files.writeString(hook, "https://hooks.example.org/T000/hook-s3cret-0815\n");
        VigilConfig config = VigilConfig.load(null, List.of(
                "kafka.bootstrap-servers=127.0.0.1:1",
                "kafka.properties.security.protocol=SASL_SSL",
                "kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                "kafka.properties.sasl.jaas.config=${file:" + jaas + "}",
                "kafka.properties.ssl.truststore.password=${env:VIGIL_TEST_TRUSTSTORE_PASSWORD}",
                "kafka.topics.alerts=vigil.alerts",
                "alerts.webhook.url=${file:" + hook + "}"));
        StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(5), null,
                dir.resolve("checkpoints"));
        new VigilJob(Wiring.kafka(config, null), Wiring.sinks(config, dir.resolve("history").toString()), config, true).build(env);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        String bytes = new String(InstantiationUtil.serializeObject(graph), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("kafka-s3cret-4711").doesNotContain("hook-s3cret-0815");
        assertThat(bytes).contains("${vigilfile:" + dir.toAbsolutePath() + ":jaas}")
                .contains("${env:VIGIL_TEST_TRUSTSTORE_PASSWORD}")
                .contains("${file:" + hook + "}");
    }
}
