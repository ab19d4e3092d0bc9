package dev.vigil.logs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderFormatTest {
    @Test
    void splitsTheHeaderOffAsTheBenchmarkDoes() {
        HeaderFormat f = HeaderFormat.of("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>");
        assertThat(f.content("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown"))
                .contains("check pass; user unknown");
        assertThat(f.content("Jun 14 15:16:01 combo kernel: Linux version 2.6.5")).contains("Linux version 2.6.5");
        assertThat(f.fields()).containsExactly("Month", "Date", "Time", "Level", "Component", "PID", "Content");
    }

    @Test
    void aLineWithoutTheHeaderIsReportedNotGuessed() {
        HeaderFormat f = HeaderFormat.of("<Date> <Time> <Level> <Component>: <Content>");
        assertThat(f.content("no header here")).isEmpty();
    }

    @Test
    void aFormatWithoutContentIsRefused() {
        assertThatThrownBy(() -> HeaderFormat.of("<Date> <Time>")).hasMessageContaining("no <Content> field");
    }
}
