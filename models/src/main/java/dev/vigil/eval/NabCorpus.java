package dev.vigil.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** NAB's files: the labels (anomaly windows per data file), the data CSVs, and detectors' results CSVs. */
public final class NabCorpus {
    private NabCorpus() {}

    /** Windows per data file ("category/file.csv"), timestamps as in the data files (no fraction). */
    public static Map<String, List<String[]>> windows(Path labels) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(labels));
        Map<String, List<String[]>> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String[]> ws = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                ws.add(new String[] {trim(w.get(0).asText()), trim(w.get(1).asText())});
            }
            out.put(e.getKey(), ws);
        }
        return out;
    }

    private static String trim(String ts) {
        int dot = ts.indexOf('.');
        return dot > 0 ? ts.substring(0, dot) : ts;
    }

    /** The timestamp column of a data file ("timestamp,value" with a header). */
    public static String[] timestamps(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> ts = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isBlank()) {
                ts.add(l.substring(0, l.indexOf(',')));
            }
        }
        return ts.toArray(new String[0]);
    }

    /** NAB timestamps ("yyyy-MM-dd HH:mm:ss", no zone; read as UTC) as epoch milliseconds. */
    public static long[] epochMillis(String[] timestamps) {
        long[] out = new long[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            out[i] = java.time.LocalDateTime.parse(trim(timestamps[i]).replace(' ', 'T')).toEpochSecond(java.time.ZoneOffset.UTC) * 1000L;
        }
        return out;
    }

    /** The value column of a data file. */
    public static double[] values(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<Double> out = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isBlank()) {
                out.add(Double.parseDouble(l.substring(l.indexOf(',') + 1).trim()));
            }
        }
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /** Writes a results file in NAB's format: timestamp,value,anomaly_score,label (1 inside a window). */
    public static void writeResults(Path file, String[] timestamps, double[] values, double[] scores, List<String[]> windows)
            throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder("timestamp,value,anomaly_score,label\n");
        int w = 0;
        boolean inside = false;
        for (int i = 0; i < timestamps.length; i++) {
            if (!inside && w < windows.size() && timestamps[i].equals(windows.get(w)[0])) {
                inside = true;
            }
            b.append(timestamps[i]).append(',').append(values[i]).append(',').append(scores[i]).append(',').append(inside ? 1 : 0).append('\n');
            if (inside && timestamps[i].equals(windows.get(w)[1])) {
                inside = false;
                w++;
            }
        }
        Files.writeString(file, b.toString());
    }

    /** The {@code anomaly_score} column of a results file, found by its header name, row by row. */
    public static double[] anomalyScores(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        int col = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals("anomaly_score")) {
                col = i;
            }
        }
        if (col < 0) {
            throw new IllegalArgumentException(csv + ": no anomaly_score column");
        }
        List<Double> out = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                String[] cells = lines.get(i).split(",");
                if (col >= cells.length) {
                    throw new IllegalArgumentException(csv + ": line " + (i + 1) + ": anomaly_score is not a number: missing");
                }
                try {
                    out.add(Double.parseDouble(cells[col]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(csv + ": line " + (i + 1) + ": anomaly_score is not a number: '" + cells[col] + "'", e);
                }
            }
        }
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /** The results file of a data file: {@code <results>/<detector>/<category>/<detector>_<file>}. */
    public static Path resultsFile(Path results, String detector, String dataFile) {
        int slash = dataFile.indexOf('/');
        return results.resolve(detector).resolve(dataFile.substring(0, slash)).resolve(detector + "_" + dataFile.substring(slash + 1));
    }
}
