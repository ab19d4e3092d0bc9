package dev.vigil.jobs.ingest;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineFormatTest {
    @TempDir
    java.nio.file.Path dir;

    private List<RawLine> read(byte[] content) throws Exception {
        java.nio.file.Path f = dir.resolve("in.log");
        Files.write(f, content);
        List<RawLine> lines = new ArrayList<>();
        try (FSDataInputStream in = LocalFileSystem.getSharedInstance().open(new Path(f.toUri()))) {
            StreamFormat.Reader<RawLine> reader = new LineFormat("in.log").createReader(new Configuration(), in);
            RawLine line;
            while ((line = reader.read()) != null) {
                lines.add(line);
            }
            reader.close();
        }
        return lines;
    }

    @Test
    void numbersLinesKeepsBytesAndHandlesCrlfAndAMissingLastNewline() throws Exception {
        byte[] invalid = {'a', (byte) 0xff, 'b'};
        byte[] content = concat("one\r\n".getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8),
                invalid, "\nlast".getBytes(StandardCharsets.UTF_8));
        List<RawLine> lines = read(content);
        assertThat(lines).extracting(RawLine::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(new String(lines.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(lines.get(1).bytes()).isEmpty();
        assertThat(lines.get(2).bytes()).isEqualTo(invalid);
        assertThat(new String(lines.get(3).bytes(), StandardCharsets.UTF_8)).isEqualTo("last");
        assertThat(lines).allSatisfy(l -> assertThat(l.fullLength()).isEqualTo(l.bytes().length));
        assertThat(lines.get(0).source()).isEqualTo("in.log");
    }

    @Test
    void aBlankLineOverTheHardLimitIsSkippedLikeAShortOneAndOthersAreCut() throws Exception {
        byte[] blank = new byte[LineFormat.HARD_LIMIT + 10];
        java.util.Arrays.fill(blank, (byte) ' ');
        blank[3] = '\t';
        blank[LineFormat.HARD_LIMIT + 5] = '\r';
        byte[] cut = blank.clone();
        cut[LineFormat.HARD_LIMIT + 7] = 'x';
        byte[] content = concat("first\n".getBytes(StandardCharsets.UTF_8), blank, "\n".getBytes(StandardCharsets.UTF_8),
                cut, "\nlast\n".getBytes(StandardCharsets.UTF_8));
        List<RawLine> lines = read(content);
        // Line 2 (blank, 16 MiB and more) yields nothing, as the decoder gives nothing for a short blank line;
        // line 3 has a character past the cut, so it is not blank and reaches the decoder to be dead-lettered.
        assertThat(lines).extracting(RawLine::line).containsExactly(1L, 3L, 4L);
        assertThat(lines.get(1).fullLength()).isEqualTo(cut.length);
        assertThat(lines.get(1).bytes()).hasSize(LineFormat.HARD_LIMIT);
        assertThat(new String(lines.get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("last");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
