package dev.vigil.jobs.cli;

import dev.vigil.forecast.FillConfidence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil train forecast-confidence}: trains the Tribuo model behind the {@code confidence} of
 * exhaustion forecasts on seeded forecasting scenarios and writes it; the bundled model is this
 * command's output with its defaults.
 */
@Command(name = "forecast-confidence", mixinStandardHelpOptions = true,
        description = {"Train the exhaustion forecasts' confidence model (Tribuo logistic regression) on the seeded",
            "forecasting scenarios and write it (Tribuo's protobuf format, with its provenance)."})
public final class TrainForecastCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Model file to write.")
    Path out;

    @Option(names = "--first-seed", defaultValue = "1000", description = "First scenario seed; keep clear of the evaluation's (default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--seeds", defaultValue = "5", description = "Scenario sets to train on (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--days", defaultValue = "8", description = "Days per scenario (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || days < 2) {
            throw new IllegalArgumentException("--seeds must be at least 1 and --days at least 2");
        }
        long started = System.nanoTime();
        FillConfidence model = dev.vigil.eval.FillConfidenceTraining.train(firstSeed, seeds, days);
        model.write(out);
        System.out.printf("wrote %s (provenance %s) in %.1f s%n", out, model.provenanceHash(), (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
