package dev.vigil.jobs.cli;

import dev.vigil.jobs.config.VigilConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The --config and --set options every job command shares. */
final class ConfigMixin {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (see config/vigil.yaml).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set one option, over the file (repeatable).")
    List<String> overrides = new ArrayList<>();

    VigilConfig load(List<String> defaults) throws IOException {
        List<String> all = new ArrayList<>(defaults);
        all.addAll(overrides);
        return VigilConfig.load(config, all);
    }
}
