package dev.vigil.forecast;

import dev.vigil.model.Digests;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How sure a fill forecast is: the probability that a resource forecast to run out within a week
 * really does, from a Tribuo logistic regression over the forecast's own features (how near the ETA
 * and its band are, how long the fitted window is, whether the fill shows across the window, whether
 * the resource is cyclic, how full it is, how fast it fills). It is trained on the seeded forecasting
 * scenarios (dev.vigil.simulate.ForecastScenarios), whose ground truth says which fills are real; the bundled model
 * is {@value #RESOURCE}, written by {@code vigil train forecast-confidence}.
 */
public final class FillConfidence {
    /** The bundled model, on the class path. */
    public static final String RESOURCE = "/dev/vigil/forecast/fill-confidence.tribuo";
    /** Forecasts further out than this get no confidence: the scenarios cannot say whether they come true. */
    public static final long WITHIN_MS = 7 * 24 * 3_600_000L;
    static final String FILLS = "fills";
    static final String STAYS = "stays";
    private static final long HOUR = 3_600_000L;
    private static final String[] FEATURES = {"eta_log_h", "eta_lower_log_h", "eta_upper_log_h", "window_log_h", "sustained",
        "cyclic", "free", "rate_log", "sustained_x_eta_log_h", "cyclic_x_rate_log", "steady_x_window_log_h"};
    private static final LabelFactory FACTORY = new LabelFactory();
    private static final Label UNKNOWN = LabelFactory.UNKNOWN_LABEL;
    /** A fixed data creation time: the same scenarios give the same data provenance (the model provenance adds its training time). */
    private static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    // Tribuo logs every training at INFO; held here because JUL keeps loggers only weakly.
    private static final Logger TRIBUO_SGD_LOG = Logger.getLogger("org.tribuo.common.sgd.AbstractSGDTrainer");

    static {
        TRIBUO_SGD_LOG.setLevel(Level.WARNING);
    }

    private final Model<Label> model;
    private final String provenanceHash;

    private FillConfidence(Model<Label> model) {
        this.model = model;
        this.provenanceHash = Digests.shortSha256(model.getProvenance().toString());
    }

    /** The model bundled with Vigil. */
    public static FillConfidence bundled() {
        try (InputStream in = FillConfidence.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled fill-confidence model " + RESOURCE + " is missing from the class path");
            }
            return of(Model.deserializeFromStream(in), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled fill-confidence model " + RESOURCE, e);
        }
    }

    /** A model written by {@link #write}. */
    public static FillConfidence read(Path file) throws IOException {
        return of(Model.deserializeFromFile(file), file.toString());
    }

    private static FillConfidence of(Model<?> m, String source) {
        if (!m.validate(Label.class)) {
            throw new IllegalArgumentException(source + " is not a classification model");
        }
        @SuppressWarnings("unchecked")
        Model<Label> labels = (Model<Label>) m;
        if (!labels.getOutputIDInfo().getDomain().contains(new Label(FILLS))) {
            throw new IllegalArgumentException(source + " does not predict '" + FILLS + "'");
        }
        return new FillConfidence(labels);
    }

    public void write(Path file) throws IOException {
        model.serializeToFile(file);
    }

    /** SHA-256 (first 16 hex digits) of the model's Tribuo provenance: trainer, its settings, and the data. */
    public String provenanceHash() {
        return provenanceHash;
    }

    /** The Tribuo provenance, for people. */
    public String provenance() {
        return model.getProvenance().toString();
    }

    /** Probability in [0, 1] that the resource runs out within a week, or NaN when the forecast does not say it will. */
    public double confidence(Forecast f) {
        if (!claims(f)) {
            return Double.NaN;
        }
        Prediction<Label> p = model.predict(new ArrayExample<>(UNKNOWN, FEATURES, features(f)));
        return p.getOutputScores().get(FILLS).getScore();
    }

    /**
     * The truth a confidence is trained and scored against: whether the resource really ran out (at
     * {@code exhaustsAt}, -1 for never) within {@link #WITHIN_MS} of the forecast.
     */
    public static boolean runsOut(Forecast f, long exhaustsAt) {
        return exhaustsAt >= 0 && exhaustsAt - f.time() <= WITHIN_MS;
    }

    /** Whether a forecast says the resource runs out within {@link #WITHIN_MS}: the ones a confidence is for. */
    public static boolean claims(Forecast f) {
        return f.filling() && f.eta() - f.time() <= WITHIN_MS;
    }

    static double[] features(Forecast f) {
        double eta = logHours(f.eta() - f.time());
        double sustained = f.sustained() ? 1 : 0;
        double cyclic = f.method().equals("cycle-peaks") ? 1 : 0;
        double rate = Math.log10(Math.max(1e-5, f.ratePerHour()));
        double window = logHours(f.horizonMs());
        // The products let a linear model tell a near ETA from a steady trend apart from one from a step,
        // and a cycle whose lows fall fast apart from one that drifts.
        return new double[] {
            eta,
            logHours(f.etaLower() - f.time()),
            f.etaUpper() == Long.MAX_VALUE ? 4 : Math.min(4, logHours(f.etaUpper() - f.time())),
            window,
            sustained,
            cyclic,
            f.current(),
            rate,
            sustained * eta,
            cyclic * rate,
            sustained * window,
        };
    }

    private static double logHours(long ms) {
        return Math.log10(1 + Math.max(0, ms) / (double) HOUR);
    }

    /**
     * A series to learn from: available bytes of a resource of {@code size} bytes over time, and when it
     * really ran out ({@link Long#MAX_VALUE}: it never did).
     */
    public record Example(long[] times, double[] avail, double size, long exhaustsAt) {}

    /**
     * Trains on labelled series (the simulator's scenarios, through {@code dev.vigil.eval.FillConfidenceTraining}):
     * every forecast that claims exhaustion within a week is an example, labelled by whether the resource
     * did run out within a week of it.
     *
     * @param source what the series are, for the model's provenance
     */
    public static FillConfidence train(Iterable<Example> series, String source) {
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(source, CREATED, FACTORY), FACTORY);
        Label fills = new Label(FILLS);
        Label stays = new Label(STAYS);
        for (Example s : series) {
            FillForecaster forecaster = new FillForecaster();
            for (int i = 0; i < s.times().length; i++) {
                Forecast f = forecaster.update(s.times()[i], s.avail()[i], s.size());
                if (f == null || !claims(f)) {
                    continue;
                }
                boolean runsOut = runsOut(f, s.exhaustsAt());
                data.add(new ArrayExample<>(runsOut ? fills : stays, FEATURES, features(f)));
            }
        }
        if (data.getOutputInfo().getDomain().size() < 2) {
            throw new IllegalArgumentException("the series gave examples of one outcome only; train on more seeds or days");
        }
        return new FillConfidence(trainer().train(data));
    }

    private static LinearSGDTrainer trainer() {
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 10, Integer.MAX_VALUE, 1, 20261101L);
    }
}
