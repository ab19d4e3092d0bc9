package dev.vigil.forecast;

import dev.vigil.simulate.ForecastScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FillConfidenceTest {
    private static final long HOUR = 3_600_000L;

    /** Mean confidence over the forecasts of one scenario kind that claim exhaustion within a week. */
    private static double meanConfidence(FillConfidence model, String kind, long seed) {
        for (ForecastScenarios.Series s : ForecastScenarios.generate(Instant.parse("2026-11-01T00:00:00Z"), 8, 300_000L, seed)) {
            if (!s.kind().equals(kind)) {
                continue;
            }
            FillForecaster f = new FillForecaster();
            double sum = 0;
            int n = 0;
            for (int i = 0; i < s.times().length; i++) {
                Forecast fc = f.update(s.times()[i], s.avail()[i], ForecastScenarios.SIZE);
                if (fc != null && FillConfidence.claims(fc)) {
                    double c = model.confidence(fc);
                    assertThat(c).isBetween(0.0, 1.0);
                    sum += c;
                    n++;
                }
            }
            assertThat(n).as("claims on %s", kind).isPositive();
            return sum / n;
        }
        throw new AssertionError("no scenario " + kind);
    }

    @Test
    void theBundledModelLoadsWithItsTribuoProvenance() {
        FillConfidence model = FillConfidence.bundled();
        assertThat(model.provenance()).contains("LinearSGDTrainer").contains("ForecastScenarios seeds 1000..1004");
        assertThat(model.provenanceHash()).hasSize(16);
    }

    @Test
    void theBundledModelIsSurerOfASteadyFillThanOfAReclaimCycleThatNeverFills() {
        // Seed 5 is the evaluation's: the bundled model was trained on seeds 1000 to 1004.
        FillConfidence model = FillConfidence.bundled();
        double fill = meanConfidence(model, "slow_fill", 5);
        double cycle = meanConfidence(model, "reclaim_cycle", 5);
        assertThat(fill).isGreaterThan(0.8);
        assertThat(fill - cycle).isGreaterThan(0.2);
    }

    @Test
    void aForecastThatDoesNotClaimExhaustionWithinAWeekGetsNoConfidence() {
        Forecast far = new Forecast(0, 0.5, 30 * 24 * HOUR, 20 * 24 * HOUR, Long.MAX_VALUE, 0.001, "trend-72h", 72 * HOUR, true);
        Forecast none = new Forecast(0, 0.5, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0, "trend-72h", 72 * HOUR, false);
        FillConfidence model = FillConfidence.bundled();
        assertThat(model.confidence(far)).isNaN();
        assertThat(model.confidence(none)).isNaN();
    }

    @Test
    void trainingIsDeterministicAndTheModelSurvivesItsFile(@TempDir Path dir) throws Exception {
        FillConfidence a = dev.vigil.eval.FillConfidenceTraining.train(7, 1, 4);
        FillConfidence b = dev.vigil.eval.FillConfidenceTraining.train(7, 1, 4);
        a.write(dir.resolve("m.tribuo"));
        FillConfidence read = FillConfidence.read(dir.resolve("m.tribuo"));
        Forecast near = new Forecast(0, 0.2, 10 * HOUR, 6 * HOUR, 20 * HOUR, 0.02, "trend-24h", 24 * HOUR, true);
        assertThat(b.confidence(near)).isCloseTo(a.confidence(near), within(1e-12));
        assertThat(read.confidence(near)).isCloseTo(a.confidence(near), within(1e-12));
        assertThat(read.provenanceHash()).isEqualTo(a.provenanceHash());
    }
}
