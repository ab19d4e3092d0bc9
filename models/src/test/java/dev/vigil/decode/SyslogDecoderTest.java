package dev.vigil.decode;

import dev.vigil.model.LogRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyslogDecoderTest {
    private static final long NOV_2026 = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
    private final SyslogDecoder decoder = new SyslogDecoder(DecoderOptions.defaults());

    private LogRecord decodeOne(SyslogDecoder d, String line, long receivedAt) throws DecodeException {
        CollectingOutput out = new CollectingOutput();
        d.decode(line, receivedAt, out);
        assertThat(out.logs).hasSize(1);
        return out.logs.get(0);
    }

    @Test
    void readsBsdLineWithoutPriAsUserNotice() throws Exception {
        LogRecord r = decodeOne(decoder, "Nov 20 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186", NOV_2026);
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-20T06:55:46Z").toEpochMilli());
        assertThat(r.host()).isEqualTo("LabSZ");
        assertThat(r.app()).isEqualTo("sshd");
        assertThat(r.pid()).isEqualTo(24200);
        assertThat(r.severity()).isEqualTo("notice");
        assertThat(r.message()).isEqualTo("Invalid user webmaster from 173.234.31.186");
        assertThat(r.attributes()).containsEntry("syslog.facility", "user");
    }

    @Test
    void readsPriAsFacilityAndSeverity() throws Exception {
        LogRecord r = decodeOne(decoder, "<38>Nov  5 01:02:03 web-1 sshd[7]: hello", NOV_2026);
        assertThat(r.severity()).isEqualTo("info");
        assertThat(r.attributes()).containsEntry("syslog.facility", "auth");
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-05T01:02:03Z").toEpochMilli());
    }

    @Test
    void infersYearAcrossNewYearAsRsyslogDoes() throws Exception {
        long jan2027 = Instant.parse("2027-01-01T00:10:00Z").toEpochMilli();
        assertThat(decodeOne(decoder, "Dec 31 23:59:58 h a: x", jan2027).time())
                .isEqualTo(Instant.parse("2026-12-31T23:59:58Z").toEpochMilli());
        long dec2026 = Instant.parse("2026-12-31T23:59:00Z").toEpochMilli();
        assertThat(decodeOne(decoder, "Jan  1 00:00:30 h a: x", dec2026).time())
                .isEqualTo(Instant.parse("2027-01-01T00:00:30Z").toEpochMilli());
    }

    @Test
    void takesThePreviousYearWhenTheDateWouldLieInTheFuture() throws Exception {
        assertThat(decodeOne(decoder, "Dec 10 06:55:46 LabSZ sshd[1]: x", NOV_2026).time())
                .isEqualTo(Instant.parse("2025-12-10T06:55:46Z").toEpochMilli());
    }

    @Test
    void aLeapDayReceivedInAnOrdinaryYearBelongsToTheLastLeapYear() throws Exception {
        long march2027 = Instant.parse("2027-03-01T00:00:00Z").toEpochMilli();
        assertThat(decodeOne(decoder, "Feb 29 12:00:00 h a: x", march2027).time())
                .isEqualTo(Instant.parse("2024-02-29T12:00:00Z").toEpochMilli());
    }

    @Test
    void yearOverrideWins() throws Exception {
        SyslogDecoder d = new SyslogDecoder(DecoderOptions.defaults().withYear(2015));
        assertThat(decodeOne(d, "Dec 10 06:55:46 LabSZ sshd[1]: x", NOV_2026).time())
                .isEqualTo(Instant.parse("2015-12-10T06:55:46Z").toEpochMilli());
    }

    @Test
    void readsOldStyleTagsAndTagsWithoutColon() throws Exception {
        LogRecord pam = decodeOne(decoder, "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; rhost=1.2.3.4", NOV_2026);
        assertThat(pam.app()).isEqualTo("sshd(pam_unix)");
        assertThat(pam.pid()).isEqualTo(19939);
        LogRecord syslogd = decodeOne(decoder, "Jun 19 04:09:11 combo syslogd 1.4.1: restart.", NOV_2026);
        assertThat(syslogd.app()).isEqualTo("syslogd");
        assertThat(syslogd.message()).isEqualTo("1.4.1: restart.");
        LogRecord kernel = decodeOne(decoder, "Jun 19 04:09:11 combo kernel: Linux version 2.6.5", NOV_2026);
        assertThat(kernel.app()).isEqualTo("kernel");
        assertThat(kernel.pid()).isNull();
    }

    @Test
    void readsLinesWithoutHostname() throws Exception {
        LogRecord r = decodeOne(decoder, "<13>Nov 20 10:00:00 sshd[5]: hi", NOV_2026);
        assertThat(r.host()).isEqualTo("unknown");
        assertThat(r.app()).isEqualTo("sshd");
        assertThat(r.message()).isEqualTo("hi");
    }

    @Test
    void readsRsyslogHighPrecisionFormat() throws Exception {
        LogRecord r = decodeOne(decoder, "2026-11-20T03:15:00.123456+01:00 web-3 sudo: alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/ls", NOV_2026);
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-20T02:15:00.123Z").toEpochMilli());
        assertThat(r.host()).isEqualTo("web-3");
        assertThat(r.app()).isEqualTo("sudo");
    }

    @Test
    void readsRfc5424WithStructuredDataAndBom() throws Exception {
        LogRecord r = decodeOne(decoder,
                "<165>1 2026-11-20T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 "
                        + "[exampleSDID@32473 iut=\"3\" eventSource=\"Appli\\\"cation\"][meta seq=\"1\"] \uFEFFAn application event", NOV_2026);
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-20T22:14:15.003Z").toEpochMilli());
        assertThat(r.host()).isEqualTo("mymachine.example.com");
        assertThat(r.app()).isEqualTo("evntslog");
        assertThat(r.pid()).isEqualTo(1234);
        assertThat(r.severity()).isEqualTo("notice");
        assertThat(r.message()).isEqualTo("An application event");
        assertThat(r.attributes())
                .containsEntry("syslog.facility", "local4")
                .containsEntry("syslog.msgid", "ID47")
                .containsEntry("sd.exampleSDID@32473.iut", "3")
                .containsEntry("sd.exampleSDID@32473.eventSource", "Appli\"cation")
                .containsEntry("sd.meta.seq", "1");
    }

    @Test
    void readsRfc5424NilValuesWithoutPri() throws Exception {
        LogRecord r = decodeOne(decoder, "1 2026-11-20T22:14:15Z - - - - - no header fields", NOV_2026);
        assertThat(r.host()).isEqualTo("unknown");
        assertThat(r.app()).isNull();
        assertThat(r.pid()).isNull();
        assertThat(r.message()).isEqualTo("no header fields");
    }

    @Test
    void rejectsMalformedLinesNamingTheField() {
        assertThatThrownBy(() -> decoder.decode("<999>Nov 20 10:00:00 h a: x", NOV_2026, new CollectingOutput()))
                .hasMessageContaining("PRI");
        assertThatThrownBy(() -> decoder.decode("Foo 20 10:00:00 h a: x", NOV_2026, new CollectingOutput()))
                .hasMessageContaining("TIMESTAMP").hasMessageContaining("month");
        assertThatThrownBy(() -> decoder.decode("just some words", NOV_2026, new CollectingOutput()))
                .hasMessageContaining("TIMESTAMP");
        assertThatThrownBy(() -> decoder.decode("<14>1 2026-11-20T22:14:15Z host", NOV_2026, new CollectingOutput()))
                .hasMessageContaining("HOSTNAME");
        assertThatThrownBy(() -> decoder.decode("<14>1 2026-11-20T22:14:15Z h a 1 m [broken", NOV_2026, new CollectingOutput()))
                .hasMessageContaining("STRUCTURED-DATA");
        assertThatThrownBy(() -> decoder.decode("Feb 30 10:00:00 h a: x", NOV_2026, new CollectingOutput()))
                .hasMessageContaining("TIMESTAMP");
    }

    @Test
    void rejectsTimestampsDecadesAway() {
        assertThatThrownBy(() -> decoder.decode("<14>1 1975-11-20T22:14:15Z h a - - - x", NOV_2026, new CollectingOutput()))
                .hasMessageContaining("TIMESTAMP").hasMessageContaining("before the earliest");
        assertThatThrownBy(() -> decoder.decode("<14>1 2066-11-20T22:14:15Z h a - - - x", NOV_2026, new CollectingOutput()))
                .hasMessageContaining("TIMESTAMP").hasMessageContaining("ahead of the receive time");
    }
}
