package dev.vigil.decode;

import dev.vigil.model.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A format registered through META-INF/services (in this module's test resources) is found by name. */
class PluggedDecoderTest {
    /** Reads "host message" lines; registered as the format "host-line". */
    public static final class UpperCaseFactory implements DecoderFactory {
        @Override
        public String name() {
            return "host-line";
        }

        @Override
        public Decoder create(DecoderOptions options) {
            return new Decoder() {
                @Override
                public String name() {
                    return "host-line";
                }

                @Override
                public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
                    int space = text.indexOf(' ');
                    if (space <= 0) {
                        throw new DecodeException("expected 'host message'");
                    }
                    out.log(new LogRecord(receivedAt, text.substring(0, space), null, null, "info", text.substring(space + 1), Map.of()));
                }
            };
        }
    }

    @Test
    void aRegisteredFactoryAddsAFormatName() throws Exception {
        assertThat(Decoders.names()).contains("auto", "syslog", "prometheus-json", "vigil-json", "host-line");
        CollectingOutput out = new CollectingOutput();
        Decoders.create("host-line", DecoderOptions.defaults()).decode("web-1 hello", 5L, out);
        assertThat(out.logs).singleElement().satisfies(l -> {
            assertThat(l.host()).isEqualTo("web-1");
            assertThat(l.message()).isEqualTo("hello");
        });
    }

    @Test
    void anUnknownFormatNamesTheKnownOnes() {
        assertThatThrownBy(() -> Decoders.create("gelf", DecoderOptions.defaults()))
                .hasMessageContaining("unknown format 'gelf'").hasMessageContaining("prometheus-json");
    }
}
