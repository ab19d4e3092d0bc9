package dev.vigil.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Loghub folder: {@code benchmark_settings.json} (per system: log file, header format, masking
 * regexes) and per system its raw log and ground truth, the {@code loghub-2.0/} corrected labels where
 * present, else {@code *_structured_corrected.csv} beside the log.
 */
public final class LoghubCorpus {
    private LoghubCorpus() {}

    /** One system's benchmark settings. */
    public record LogSystem(String name, Path logFile, String logFormat, List<String> masks) {
        public LogSystem {
            masks = List.copyOf(masks);
        }

        /** The ground-truth file used: loghub-2.0's labels where the folder has them. */
        public Path labels() {
            String base = logFile.getFileName() + "_structured_corrected.csv";
            Path v2 = logFile.resolveSibling("loghub-2.0").resolve(base);
            return Files.exists(v2) ? v2 : logFile.resolveSibling(base);
        }

        public List<String> lines() throws IOException {
            return Files.readAllLines(logFile, StandardCharsets.UTF_8);
        }

        /** The ground-truth template of each line, in line order. */
        public List<String> templates() throws IOException {
            CsvMapper mapper = new CsvMapper();
            List<String> out = new ArrayList<>();
            try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(labels().toFile())) {
                while (rows.hasNext()) {
                    Map<String, String> row = rows.next();
                    String t = row.get("EventTemplate");
                    if (t == null) {
                        throw new IOException(labels() + " line " + (out.size() + 2) + ": no EventTemplate column");
                    }
                    out.add(t);
                }
            }
            return out;
        }
    }

    /** Every system in {@code dir/benchmark_settings.json}, in file order. */
    public static List<LogSystem> systems(Path dir) throws IOException {
        Path file = dir.resolve("benchmark_settings.json");
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        List<LogSystem> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            List<String> masks = new ArrayList<>();
            for (JsonNode m : s.path("preprocess_regex")) {
                masks.add(m.asText());
            }
            if (!s.hasNonNull("log_file") || !s.hasNonNull("log_format")) {
                throw new IOException(file + ": system " + e.getKey() + " needs log_file and log_format");
            }
            out.add(new LogSystem(e.getKey(), dir.resolve(s.get("log_file").asText()), s.get("log_format").asText(), masks));
        }
        return out;
    }
}
