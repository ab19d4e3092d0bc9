package dev.vigil.eval;

import dev.vigil.forecast.FillConfidence;
import dev.vigil.simulate.ForecastScenarios;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the fill-confidence model on the simulator's forecast scenarios, whose ground truth says which
 * fills were real. Offline tooling ({@code vigil train forecast}): it stays out of the cluster jar, which
 * only reads the trained model.
 */
public final class FillConfidenceTraining {
    private FillConfidenceTraining() {}

    /** Trains on {@code seeds} scenario sets (seeds {@code firstSeed}, ...) of {@code days} days each. */
    public static FillConfidence train(long firstSeed, int seeds, int days) {
        List<FillConfidence.Example> series = new ArrayList<>();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            for (ForecastScenarios.Series s : ForecastScenarios.generate(Instant.parse("2026-11-01T00:00:00Z"), days, 300_000L, seed)) {
                series.add(new FillConfidence.Example(s.times(), s.avail(), ForecastScenarios.SIZE, s.exhaustsAt()));
            }
        }
        return FillConfidence.train(series, "ForecastScenarios seeds " + firstSeed + ".." + (firstSeed + seeds - 1) + ", " + days + " days");
    }
}
