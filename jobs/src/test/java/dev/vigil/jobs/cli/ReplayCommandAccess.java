package dev.vigil.jobs.cli;

import dev.vigil.jobs.config.VigilConfig;

import java.nio.file.Path;
import java.util.List;

/** Lets tests outside the package replay files as {@code vigil replay} does, with the shipped configuration. */
public final class ReplayCommandAccess {
    private ReplayCommandAccess() {}

    public static Path replay(Path input, Path out) throws Exception {
        VigilConfig config = VigilConfig.load(Path.of("..", "config", "vigil.yaml"),
                ReplayCommand.replaySettings(out, List.of("alerts.console=false")));
        return ReplayCommand.run(ReplayCommand.expand(List.of(input)), out, "auto", null, config);
    }
}
