package dev.vigil.jobs.config;

import dev.vigil.alert.Comparison;
import dev.vigil.alert.ThresholdRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VigilConfigTest {
    @TempDir
    Path dir;

    private VigilConfig load(String yaml, String... overrides) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, yaml);
        return VigilConfig.load(f, List.of(overrides));
    }

    @Test
    void defaultsApplyToWhatIsNotSet() {
        VigilConfig c = VigilConfig.defaults();
        assertThat(c.get(VigilOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
        assertThat(c.get(VigilOptions.OUT_OF_ORDERNESS)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get(VigilOptions.SYSLOG_YEAR)).isNull();
        assertThat(c.thresholds()).isEmpty();
    }

    @Test
    void nestedAndDottedKeysAreTheSameAndSetOverridesTheFile() throws Exception {
        VigilConfig c = load("kafka:\n  group-id: a\n  topics: {logs: my.logs}\nwatermark.idleness: 2m\n",
                "kafka.group-id=b", "kafka.properties.security.protocol=SASL_SSL");
        assertThat(c.get(VigilOptions.KAFKA_GROUP_ID)).isEqualTo("b");
        assertThat(c.get(VigilOptions.KAFKA_TOPIC_LOGS)).isEqualTo("my.logs");
        assertThat(c.get(VigilOptions.IDLENESS)).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> load("kafka:\n  grup-id: x\n")).hasMessageContaining("unknown option 'kafka.grup-id'");
        assertThatThrownBy(() -> load("watermark:\n  idleness: soon\n")).hasMessageContaining("option 'watermark.idleness'");
        assertThatThrownBy(() -> load("", "no-equals-sign")).hasMessageContaining("key=value");
    }

    @Test
    void theExampleRoutingLoadsAndABrokenOneIsAnErrorNamingOptionFileAndField() throws Exception {
        Path example = Path.of("..", "config", "alerts-routing.example.yaml").toAbsolutePath();
        VigilConfig c = load("", "alerts.routing=" + example);
        assertThat(c.routing()).contains("receivers:");
        Path broken = dir.resolve("routing.yaml");
        Files.writeString(broken, "route: {receiver: nobody}\nreceivers: [{name: ops, webhook_configs: [{url: 'http://127.0.0.1:1/'}]}]\n");
        assertThatThrownBy(() -> load("", "alerts.routing=" + broken)).hasMessageContaining("option 'alerts.routing'")
                .hasMessageContaining("routing.yaml").hasMessageContaining("route.receiver");
        assertThat(VigilConfig.defaults().routing()).isEmpty();
    }

    @Test
    void readsThresholdRules() throws Exception {
        VigilConfig c = load("""
                alerts:
                  thresholds:
                    - name: RootFull
                      metric: node_filesystem_avail_bytes
                      match: {mountpoint: /}
                      op: "<"
                      value: 1e9
                      for: 5m
                      severity: critical
                      labels: {team: infra}
                """);
        ThresholdRule r = c.thresholds().get(0);
        assertThat(r.name()).isEqualTo("RootFull");
        assertThat(r.comparison()).isEqualTo(Comparison.LT);
        assertThat(r.threshold()).isEqualTo(1e9);
        assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.match()).containsEntry("mountpoint", "/");
        assertThat(r.labels()).containsEntry("team", "infra");
    }

    @Test
    void badRulesNameTheirPositionAndField() {
        assertThatThrownBy(() -> load("alerts:\n  thresholds:\n    - {name: X, metric: m, op: '~', value: 1}\n"))
                .hasMessageContaining("alerts.thresholds[0]").hasMessageContaining("'op'");
        assertThatThrownBy(() -> load("alerts:\n  thresholds:\n    - {name: X, metric: m, op: '>', value: 1, for: forever}\n"))
                .hasMessageContaining("'for'");
        assertThatThrownBy(() -> load("alerts:\n  thresholds:\n    - {name: X, metric: m, op: '>', value: 1, colour: red}\n"))
                .hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> load("alerts:\n  thresholds:\n    - {metric: m, op: '>', value: 1}\n"))
                .hasMessageContaining("'name' is required");
    }

    @Test
    void secretsComeFromEnvironmentVariablesOrFilesAndErrorsDoNotShowThem() throws Exception {
        Path secret = dir.resolve("hook-url");
        Files.writeString(secret, "https://hooks.example/T000/SECRET\n");
        VigilConfig fromFile = VigilConfig.load(null, List.of("alerts.external-url=${file:" + secret + "}"));
        assertThat(fromFile.get(VigilOptions.EXTERNAL_URL)).isEqualTo("https://hooks.example/T000/SECRET");
        // Kafka's secrets stay references, resolved by the Kafka clients' own config providers where they run.
        VigilConfig fromEnv = VigilConfig.fromMap(java.util.Map.of("kafka.properties.sasl.jaas.config", "${env:VIGIL_JAAS}",
                        "kafka.properties.ssl.keystore.password", "${file:" + secret + "}"),
                List.of(), name -> name.equals("VIGIL_JAAS") ? "org.apache.kafka...ScramLoginModule required;" : null);
        assertThat(fromEnv.kafkaProperties())
                .containsEntry("sasl.jaas.config", "${env:VIGIL_JAAS}")
                .containsEntry("ssl.keystore.password", "${vigilfile:" + dir.toAbsolutePath() + ":hook-url}")
                .containsEntry("config.providers", "env,vigilfile")
                .containsEntry("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
                .containsEntry("config.providers.vigilfile.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        // and Kafka resolves them: the file's text (trimmed, as a password), the environment variable's
        java.util.Properties props = new java.util.Properties();
        props.putAll(fromEnv.kafkaProperties());
        props.put("bootstrap.servers", "127.0.0.1:1");
        props.put("key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        assertThat(new org.apache.kafka.clients.consumer.ConsumerConfig(props).getPassword("ssl.keystore.password").value())
                .isEqualTo("https://hooks.example/T000/SECRET");
        VigilConfig webhook = VigilConfig.fromMap(java.util.Map.of("alerts.webhook.url", "${env:VIGIL_HOOK}"), List.of(), n -> null);
        assertThat(webhook.get(VigilOptions.WEBHOOK_URL)).isEqualTo("${env:VIGIL_HOOK}");
        assertThatThrownBy(() -> VigilConfig.fromMap(java.util.Map.of("alerts.external-url", "${env:NOPE}"), List.of(), n -> null))
                .hasMessageContaining("alerts.external-url").hasMessageContaining("NOPE is not set");
    }

    @Test
    void kafkasOwnFileProviderSyntaxIsLeftAloneAndARelativeSecretFileIsRefused() {
        assertThat(SecretRefs.forKafka(java.util.Map.of("ssl.key.password", "${file:/etc/kafka/secrets.properties:key}")))
                .containsEntry("ssl.key.password", "${file:/etc/kafka/secrets.properties:key}")
                .doesNotContainKey("config.providers");
        assertThatThrownBy(() -> SecretRefs.forKafka(java.util.Map.of("sasl.jaas.config", "${file:jaas.conf}")))
                .hasMessageContaining("kafka.properties.sasl.jaas.config").hasMessageContaining("absolute path");
    }

    @Test
    void everyOptionIsDocumentedInOperationsWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "operations.md"));
        for (VigilOptions.Row row : VigilOptions.rows()) {
            assertThat(doc).as("docs/operations.md documents %s", row.key())
                    .contains("| `" + row.key() + "` | " + row.defaultValue() + " |");
        }
    }

    @Test
    void forecastResourcesAreConfigurableAndAMalformedOneFailsAtLoadNamingTheEntry() throws Exception {
        VigilConfig c = load("forecast:\n  resources: \"disk:my_free_bytes/my_size_bytes@volume=DiskWillFill\"\n");
        assertThat(dev.vigil.forecast.Resource.parse(c.get(VigilOptions.FORECAST_RESOURCES)))
                .containsExactly(new dev.vigil.forecast.Resource("disk", "my_free_bytes", "my_size_bytes", "volume", "DiskWillFill"));
        assertThat(dev.vigil.forecast.Resource.parse(VigilConfig.defaults().get(VigilOptions.FORECAST_RESOURCES)))
                .isEqualTo(dev.vigil.forecast.Resource.DEFAULTS);
        assertThatThrownBy(() -> load("", "forecast.resources=disk:free_bytes=DiskWillFill"))
                .hasMessageContaining("forecast.resources").hasMessageContaining("disk:free_bytes=DiskWillFill");
    }

    @Test
    void ruleNamesMustBeUnique() {
        assertThatThrownBy(() -> load("alerts:\n  thresholds:\n    - {name: X, metric: a, op: '>', value: 1}\n    - {name: X, metric: b, op: '<', value: 1}\n"))
                .hasMessageContaining("two threshold rules are named 'X'");
    }

    @Test
    void theShippedExampleConfigurationLoads() throws Exception {
        Path shipped = Path.of("..", "config", "vigil.yaml");
        VigilConfig c = VigilConfig.load(shipped, List.of());
        assertThat(c.thresholds()).extracting(ThresholdRule::name)
                .contains("RootFilesystemAlmostFull", "AppMemoryHigh");
    }
}
