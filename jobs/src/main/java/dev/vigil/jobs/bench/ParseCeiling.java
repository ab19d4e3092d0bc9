package dev.vigil.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What parsing alone costs: Jackson reads every line of a JSON-lines file into a tree on one thread, from
 * memory, after a warm-up pass. No job can beat its own input's parse, so the pipeline's rate is reported
 * against this ceiling (times the threads the job has).
 */
final class ParseCeiling {
    private ParseCeiling() {}

    /** The lines of a JSON-lines file, as bytes. */
    static List<byte[]> lines(Path jsonLines) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(jsonLines, StandardCharsets.UTF_8)) {
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** Lines per second on one thread. */
    static double perSecond(List<byte[]> lines) throws IOException {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no JSON lines to parse");
        }
        ObjectMapper mapper = new ObjectMapper();
        long sink = 0;
        for (int i = 0; i < Math.min(lines.size(), 200_000); i++) {
            sink += mapper.readTree(lines.get(i)).size();
        }
        long started = System.nanoTime();
        for (byte[] line : lines) {
            JsonNode node = mapper.readTree(line);
            sink += node.size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (sink == 0) {
            throw new IllegalStateException("parsed nothing from " + lines.size() + " lines");
        }
        return lines.size() / seconds;
    }
}
