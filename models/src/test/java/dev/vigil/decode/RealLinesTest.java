package dev.vigil.decode;

import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines copied from Loghub's OpenSSH and Linux samples (see src/test/resources/lines). */
class RealLinesTest {
    private static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();

    private static CollectingOutput decodeResource(String name) throws IOException {
        RecordDecoder decoder = new RecordDecoder(new SyslogDecoder(DecoderOptions.defaults().withYear(2015)), "logs", 1 << 18);
        CollectingOutput out = new CollectingOutput();
        try (InputStream in = RealLinesTest.class.getResourceAsStream("/lines/" + name)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            long n = 0;
            for (String line : lines) {
                decoder.decode(line.getBytes(StandardCharsets.UTF_8), name, null, ++n, NOW, out);
            }
        }
        return out;
    }

    @Test
    void openSshSampleDecodesWithoutDeadLetters() throws IOException {
        CollectingOutput out = decodeResource("openssh-sample.log");
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.logs).hasSize(42);
        assertThat(out.logs).allSatisfy(l -> {
            assertThat(l.host()).isEqualTo("LabSZ");
            assertThat(l.app()).isEqualTo("sshd");
            assertThat(Instant.ofEpochMilli(l.time()).toString()).startsWith("2015-12-10T");
        });
        // 7 plain "Failed password" lines and three "message repeated 5 times: [ Failed password ...]" lines.
        long failures = out.security.stream().filter(e -> e.action().equals("auth_failure")).count();
        assertThat(failures).isEqualTo(7 + 3 * 5);
        assertThat(out.security).extracting(SecurityEvent::action).contains("invalid_user", "pam_auth_failure");
    }

    @Test
    void linuxSampleOldStyleTagsDecode() throws IOException {
        CollectingOutput out = decodeResource("linux-sample.log");
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.logs).hasSize(8);
        assertThat(out.security).extracting(SecurityEvent::action).containsOnly("pam_auth_failure");
        assertThat(out.security).hasSize(4);
    }
}
