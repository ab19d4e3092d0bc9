package dev.vigil.jobs.ingest;

import dev.vigil.decode.RecordDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** Decodes replayed file lines into envelopes; lines that cannot be read become dead letters. */
public final class DecodeLines extends RichFlatMapFunction<RawLine, Envelope> {
    private static final long serialVersionUID = 1L;
    private final IngestSettings settings;
    private final long receivedAt;
    private transient RecordDecoder decoder;
    private transient EnvelopeOutput output;

    /**
     * @param receivedAt the replay's receive time for every line: anchors RFC 3164 year inference and
     *                   the plausibility window, and stamps dead letters
     */
    public DecodeLines(IngestSettings settings, long receivedAt) {
        this.settings = settings;
        this.receivedAt = receivedAt;
    }

    @Override
    public void open(OpenContext context) {
        decoder = settings.newDecoder();
        output = new EnvelopeOutput();
    }

    @Override
    public void flatMap(RawLine line, Collector<Envelope> out) {
        output.to(out);
        if (line.fullLength() > line.bytes().length) {
            decoder.reject(line.bytes(), line.source(), null, line.line(), receivedAt,
                    "line is " + line.fullLength() + " bytes; only the first " + line.bytes().length
                            + " are kept (file reader limit), over the limit of ingest.max-record-bytes", output);
            return;
        }
        decoder.decode(line.bytes(), line.source(), null, line.line(), receivedAt, output);
    }
}
