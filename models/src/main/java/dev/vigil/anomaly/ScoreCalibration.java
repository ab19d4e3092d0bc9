package dev.vigil.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the detector learns across series: per metric family (metric name), the alert score that the
 * family's own scores reach only once in {@code 1 / rarity} samples, never below the global alert score.
 * Some families (request counts of bursty services) are rougher than the p-values assume; this keeps
 * their alerts as rare as everyone else's. Written by {@code vigil train} with its provenance, loaded by
 * the job at start.
 *
 * @param alertScores per metric name, the alert score to use instead of the global one
 * @param provenance  how the file was made: trainer version, detector, source, counts, time
 */
public record ScoreCalibration(Map<String, Double> alertScores, Map<String, String> provenance) {
    public static final String FORMAT = "vigil-score-calibration/1";
    /** The calibration shipped in the jar: trained on the simulator's fleet (see docs/evaluation.md). */
    public static final String BUNDLED = "/dev/vigil/anomaly/default-calibration.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ScoreCalibration {
        alertScores = Map.copyOf(new TreeMap<>(alertScores));
        provenance = Map.copyOf(new TreeMap<>(provenance));
    }

    /** The alert score for {@code metric}: its family's, or {@code global} when the family is unknown or milder. */
    public double alertScore(String metric, double global) {
        Double s = alertScores.get(metric);
        return s == null ? global : Math.max(global, s);
    }

    /**
     * Learns the per-family alert scores: for each family with at least {@code minSamples} scores, the
     * quantile {@code 1 - rarity} of its raw scores.
     */
    public static ScoreCalibration train(Map<String, ScoreHistogram> scoresByFamily, double rarity, long minSamples,
            Map<String, String> provenance) {
        Map<String, Double> scores = new TreeMap<>();
        for (Map.Entry<String, ScoreHistogram> e : scoresByFamily.entrySet()) {
            if (e.getValue().count() >= minSamples) {
                scores.put(e.getKey(), e.getValue().quantile(1 - rarity));
            }
        }
        return new ScoreCalibration(scores, provenance);
    }

    /** SHA-256 (first 16 hex digits) of the file's content: recorded with every anomaly scored under it. */
    public String hash() {
        return dev.vigil.model.Digests.shortSha256(toJson());
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode p = root.putObject("provenance");
        new TreeMap<>(provenance).forEach(p::put);
        ObjectNode a = root.putObject("alert_scores");
        new TreeMap<>(alertScores).forEach(a::put);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write calibration JSON", e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    /** Reads a calibration file; a wrong format or value is an error naming the file and field. */
    public static ScoreCalibration read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    public static ScoreCalibration bundled() {
        try (InputStream in = ScoreCalibration.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + BUNDLED);
            }
            return parse(in, BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUNDLED, e);
        }
    }

    private static ScoreCalibration parse(InputStream in, String source) throws IOException {
        JsonNode root = JSON.readTree(in);
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException(source + ": field 'format' must be '" + FORMAT + "'");
        }
        Map<String, Double> scores = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("alert_scores").properties()) {
            if (!e.getValue().isNumber() || e.getValue().asDouble() < 0 || e.getValue().asDouble() > 1) {
                throw new IOException(source + ": alert_scores." + e.getKey() + " must be a number in [0, 1]");
            }
            scores.put(e.getKey(), e.getValue().asDouble());
        }
        Map<String, String> provenance = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("provenance").properties()) {
            provenance.put(e.getKey(), e.getValue().asText());
        }
        return new ScoreCalibration(scores, provenance);
    }
}
