package dev.vigil.logs;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.google.re2j.Pattern;
import dev.vigil.model.Digests;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error category of a log template: oom, crash, disk, network, auth, hardware, config or other.
 * Explicit rules decide the unambiguous cases ("Out of memory", "segfault", "No space left on device");
 * a Tribuo logistic regression over the template's words and word pairs decides the rest. It is
 * trained on the labelled set {@value #LABELLED} (hand-written templates of common Linux services,
 * documented in {@code docs/evaluation.md}); the bundled model is {@value #RESOURCE}, written by
 * {@code vigil train log-categories}.
 */
public final class LogCategories {
    public static final String LABELLED = "/dev/vigil/logs/categories.csv";
    public static final String RESOURCE = "/dev/vigil/logs/log-categories.tribuo";
    public static final List<String> CATEGORIES = List.of("oom", "crash", "disk", "network", "auth", "hardware", "config", "other");

    private static final LabelFactory FACTORY = new LabelFactory();
    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 11, 26, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final Logger TRIBUO_SGD_LOG = Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");

    static {
        TRIBUO_SGD_LOG.setLevel(Level.WARNING);
    }

    /** Rules in order; the first that matches decides. Case-insensitive, RE2/J. */
    private static final String[][] RULES = {
        {"oom", "out of memory|oom[-_ ]?kill|outofmemoryerror|cannot allocate memory"},
        {"crash", "segfault|segmentation fault|core dumped|dumped core|kernel panic|general protection|null pointer dereference|code=dumped"},
        {"disk", "no space left on device|i/o error|read-only file ?system|remounting filesystem read-only|ext4-fs error"},
        {"network", "connection (timed out|refused|reset)|network is unreachable|no route to host|name resolution|could not resolve"},
        {"hardware", "machine check|hardware error|\\becc\\b|edac|temperature above threshold"},
        {"auth", "authentication failure|failed password|invalid user|not in sudoers|break-in attempt"},
    };
    private static final Pattern[] RULE_PATTERNS = new Pattern[RULES.length];

    static {
        for (int i = 0; i < RULES.length; i++) {
            RULE_PATTERNS[i] = Pattern.compile("(?i)" + RULES[i][1]);
        }
    }

    private final Model<Label> model;
    private final String provenanceHash;

    private LogCategories(Model<Label> model) {
        this.model = model;
        this.provenanceHash = Digests.shortSha256(model.getProvenance().toString());
    }

    /** The model bundled with Vigil. */
    public static LogCategories bundled() {
        try (InputStream in = LogCategories.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled log-category model " + RESOURCE + " is missing from the class path");
            }
            return of(Model.deserializeFromStream(in), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled log-category model " + RESOURCE, e);
        }
    }

    public static LogCategories read(Path file) throws IOException {
        return of(Model.deserializeFromFile(file), file.toString());
    }

    /** A model from the bytes of a file written by {@link #write}; {@code source} names it in errors. */
    public static LogCategories read(byte[] bytes, String source) {
        try {
            return of(Model.deserializeFromStream(new java.io.ByteArrayInputStream(bytes)), source);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + " is not a log-category model written by vigil train log-categories: " + e.getMessage(), e);
        }
    }

    private static LogCategories of(Model<?> m, String source) {
        if (!m.validate(Label.class)) {
            throw new IllegalArgumentException(source + " is not a classification model");
        }
        @SuppressWarnings("unchecked")
        Model<Label> labels = (Model<Label>) m;
        return new LogCategories(labels);
    }

    public void write(Path file) throws IOException {
        model.serializeToFile(file);
    }

    public String provenanceHash() {
        return provenanceHash;
    }

    /** The category of a template: by rule where one applies, else by the model. */
    public String categorise(String template) {
        String rule = byRule(template);
        return rule != null ? rule : byModel(template);
    }

    /** The category the rules give, or null when none applies. */
    public static String byRule(String template) {
        for (int i = 0; i < RULE_PATTERNS.length; i++) {
            if (RULE_PATTERNS[i].matcher(template).find()) {
                return RULES[i][0];
            }
        }
        return null;
    }

    /** The category the model gives, rules aside. */
    public String byModel(String template) {
        List<String> f = features(template);
        // words the model never saw carry no evidence (and Tribuo refuses an example without a known feature)
        f.removeIf(name -> model.getFeatureIDMap().get(name) == null);
        if (f.isEmpty()) {
            return "other";
        }
        return model.predict(example(LabelFactory.UNKNOWN_LABEL, f)).getOutput().getLabel();
    }

    /** Lower-case words of two or more letters (wildcards and numbers dropped), and adjacent word pairs. */
    static List<String> features(String template) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        String s = template.replace(TokenMasks.WILDCARD, " ").toLowerCase(Locale.ROOT);
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (c >= 'a' && c <= 'z') {
                w.append(c);
            } else {
                if (w.length() >= 2) {
                    words.add(w.toString());
                }
                w.setLength(0);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            out.add("w=" + words.get(i));
            if (i + 1 < words.size()) {
                out.add("p=" + words.get(i) + "_" + words.get(i + 1));
            }
        }
        return new ArrayList<>(out);
    }

    /** Each feature present once: value 1. */
    private static ArrayExample<Label> example(Label label, List<String> features) {
        double[] ones = new double[features.size()];
        java.util.Arrays.fill(ones, 1.0);
        return new ArrayExample<>(label, features.toArray(new String[0]), ones);
    }

    /** Precision and recall of one category on the held-out rows. */
    public record CategoryScore(String category, int truth, int predicted, int right) {
        public double precision() {
            return predicted == 0 ? 0 : (double) right / predicted;
        }

        public double recall() {
            return truth == 0 ? 0 : (double) right / truth;
        }
    }

    /** The held-out evaluation of the bundled labelled set. */
    public static List<CategoryScore> heldOutScores() {
        return heldOutScores(labelled(), LABELLED);
    }

    /** The held-out evaluation: a model trained without the held-out rows, rules first, scored per category. */
    public static List<CategoryScore> heldOutScores(List<Labelled> rows, String source) {
        LogCategories model = train(rows, source, true);
        Map<String, int[]> counts = new java.util.TreeMap<>();
        for (String c : CATEGORIES) {
            counts.put(c, new int[3]);
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!heldOut(i)) {
                continue;
            }
            String truth = rows.get(i).category();
            String predicted = model.categorise(rows.get(i).template());
            counts.get(truth)[0]++;
            counts.get(predicted)[1]++;
            if (truth.equals(predicted)) {
                counts.get(truth)[2]++;
            }
        }
        List<CategoryScore> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            out.add(new CategoryScore(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]));
        }
        return out;
    }

    /** One labelled template. */
    public record Labelled(String category, String template) {}

    /** The bundled labelled set, in file order. */
    public static List<Labelled> labelled() {
        try (InputStream in = LogCategories.class.getResourceAsStream(LABELLED)) {
            return labelled(in, LABELLED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LABELLED, e);
        }
    }

    /** A labelled set in the bundled set's format: CSV with a header, columns {@code category,template}. */
    public static List<Labelled> labelled(Path csv) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(csv)) {
            return labelled(in, csv.toString());
        }
    }

    private static List<Labelled> labelled(InputStream in, String source) throws IOException {
        List<Labelled> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            while (rows.hasNext()) {
                Map<String, String> r = rows.next();
                // Line numbers count the header.
                String c = r.get("category");
                if (!CATEGORIES.contains(c)) {
                    throw new IllegalArgumentException(source + " line " + (out.size() + 2) + ": category '" + c + "' is not one of " + CATEGORIES);
                }
                String template = r.get("template");
                if (template == null || template.isBlank()) {
                    throw new IllegalArgumentException(source + " line " + (out.size() + 2) + ": the template is empty");
                }
                out.add(new Labelled(c, template));
            }
        }
        return out;
    }

    /** Rows of the labelled set held out for evaluation: every fourth. */
    public static boolean heldOut(int row) {
        return row % 4 == 3;
    }

    /** Trains on the bundled labelled set; with {@code holdOut} the held-out rows are left out (for evaluation). */
    public static LogCategories train(boolean holdOut) {
        return train(labelled(), LABELLED, holdOut);
    }

    /**
     * Trains on {@code rows}, named {@code source} in the model's provenance; with {@code holdOut} the
     * held-out rows are left out. Deterministic: the same rows give the same model.
     */
    public static LogCategories train(List<Labelled> rows, String source, boolean holdOut) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(
                source + (holdOut ? " (held-out rows left out)" : ""), CREATED, FACTORY), FACTORY);
        for (int i = 0; i < rows.size(); i++) {
            if (holdOut && heldOut(i)) {
                continue;
            }
            data.add(example(new Label(rows.get(i).category()), features(rows.get(i).template())));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), 30, Integer.MAX_VALUE, 1, 20261126L);
        return new LogCategories(trainer.train(data));
    }
}
