package dev.vigil.jobs.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.DeadLetter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterJsonTest {
    @Test
    void oversizedRecordsAreCutForKafkaAndSaySo() throws Exception {
        String big = "x".repeat(DeadLetterJson.MAX_RAW_CHARS + 10);
        JsonNode n = new ObjectMapper().readTree(new DeadLetterJson().serialize(
                new DeadLetter(0, "logs", "auto", "t", 1, 2, "too big", big, null, big.length())));
        assertThat(n.get("raw_text").asText()).hasSize(DeadLetterJson.MAX_RAW_CHARS);
        assertThat(n.get("raw_truncated").asBoolean()).isTrue();
        assertThat(n.get("raw_bytes").asInt()).isEqualTo(big.length());
        JsonNode small = new ObjectMapper().readTree(new DeadLetterJson().serialize(
                new DeadLetter(0, "logs", "auto", "t", null, 2, "bad", null, "AAE=", 2)));
        assertThat(small.get("raw_truncated").asBoolean()).isFalse();
        assertThat(small.get("raw_base64").asText()).isEqualTo("AAE=");
        assertThat(small.has("partition")).isFalse();
    }
}
