package dev.vigil.jobs.ingest;

import dev.vigil.decode.RecordDecoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a file as lines of bytes with their line numbers. Not Flink's TextLineInputFormat: that one
 * decodes text (replacing invalid UTF-8, which must reach the dead letters as it was) and does not
 * count lines. One format instance per file, because a stream format is not told the file's name.
 *
 * <p>Restores are exact: a simple stream format restarts at the file's beginning and skips the lines
 * already emitted, which this reader counts again.
 */
public final class LineFormat extends SimpleStreamFormat<RawLine> {
    private static final long serialVersionUID = 1L;
    /**
     * Lines are cut here; the remainder is skipped and the line is dead-lettered with its full length,
     * unless it is blank ({@link RecordDecoder#isBlank}), when it is skipped like any blank line.
     */
    public static final int HARD_LIMIT = 16 * 1024 * 1024;

    private final String source;

    public LineFormat(String source) {
        this.source = source;
    }

    @Override
    public StreamFormat.Reader<RawLine> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(source, stream);
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }

    private static final class LineReader implements StreamFormat.Reader<RawLine> {
        private final String source;
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private long lineNumber;

        LineReader(String source, InputStream in) {
            this.source = source;
            this.in = new BufferedInputStream(in, 64 * 1024);
        }

        @Override
        public RawLine read() throws IOException {
            while (true) {
                buffer.reset();
                long length = 0;
                boolean cutBlank = true;
                boolean ended = false;
                int b;
                while ((b = in.read()) != -1) {
                    if (b == '\n') {
                        ended = true;
                        break;
                    }
                    if (length < HARD_LIMIT) {
                        buffer.write(b);
                    } else if (cutBlank && (b >= 0x80 || !Character.isWhitespace(b))) {
                        cutBlank = false;
                    }
                    length++;
                }
                if (!ended && length == 0) {
                    return null; // end of file; a last line without terminator still counts
                }
                if (length > HARD_LIMIT && cutBlank && RecordDecoder.isBlank(buffer.toByteArray())) {
                    // A blank line carries nothing however long it is, as the decoder skips short ones; cut, it
                    // would be dead-lettered unread. Only ASCII white space is recognised past the cut (reading
                    // the rest as UTF-8 is not worth it for lines over 16 MiB), so a longer run of Unicode
                    // spaces is dead-lettered.
                    lineNumber++;
                    continue;
                }
                return line(length);
            }
        }

        private RawLine line(long length) {
            lineNumber++;
            byte[] bytes = buffer.toByteArray();
            int end = bytes.length;
            if (end > 0 && bytes[end - 1] == '\r' && length == end) {
                end--;
                length--;
            }
            return new RawLine(source, lineNumber, end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end), length);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
