package dev.vigil.correlate;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlMessagesTest {
    @Test
    void aSilenceCarriesItsMatchersAndTimeRange() {
        ControlMessage m = ControlMessages.parse("""
                {"type":"silence","id":"maint","matchers":["host=\\"web-3\\""],"starts_at":"2026-11-20T02:00:00Z","ends_at":"2026-11-20T04:00:00Z"}""");
        assertThat(m.stateKey()).isEqualTo("silence:maint");
        assertThat(m.matchers()).containsExactly("host=\"web-3\"");
        assertThat(m.startsAt()).isEqualTo(Instant.parse("2026-11-20T02:00:00Z").toEpochMilli());
        assertThat(m.endsAt()).isEqualTo(Instant.parse("2026-11-20T04:00:00Z").toEpochMilli());
    }

    @Test
    void anInhibitionCarriesSourceTargetAndEqualLabels() {
        ControlMessage m = ControlMessages.parse("""
                {"type":"inhibit","id":"crit","source_matchers":["severity=\\"critical\\""],"target_matchers":["severity=~\\"warning|info\\""],"equal":["host"]}""");
        assertThat(m.stateKey()).isEqualTo("inhibit:crit");
        assertThat(m.matchers()).containsExactly("severity=\"critical\"");
        assertThat(m.targetMatchers()).containsExactly("severity=~\"warning|info\"");
        assertThat(m.equal()).isEqualTo(List.of("host"));
        assertThat(ControlMessages.parse("{\"type\":\"inhibit\",\"id\":\"crit\",\"action\":\"expire\"}").action()).isEqualTo("expire");
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> ControlMessages.parse("{\"type\":\"inhibit\",\"id\":\"x\",\"source_matchers\":[\"a=\\\"b\\\"\"]}"))
                .hasMessageContaining("target_matchers");
        assertThatThrownBy(() -> ControlMessages.parse("{\"type\":\"inhibit\",\"source_matchers\":[\"a=\\\"b\\\"\"]}"))
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> ControlMessages.parse("{\"type\":\"inhibit\",\"id\":\"x\",\"source_matchers\":[\"a~b\"],\"target_matchers\":[\"a=\\\"b\\\"\"]}"))
                .hasMessageContaining("source_matchers");
        assertThatThrownBy(() -> ControlMessages.parse("{\"type\":\"silence\",\"id\":\"x\",\"action\":\"delete\"}"))
                .hasMessageContaining("'action'");
        assertThatThrownBy(() -> ControlMessages.parse("{\"type\":\"mute\"}")).hasMessageContaining("'type'");
    }
}
