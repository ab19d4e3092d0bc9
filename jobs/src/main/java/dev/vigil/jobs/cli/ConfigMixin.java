package dev.vigil.jobs.cli;

import dev.vigil.jobs.config.VigilConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The --config and --set options every job command shares; without --config, config/vigil.yaml as shipped. */
final class ConfigMixin {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (default: config/vigil.yaml as shipped, with its threshold rules).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set one option, over the file (repeatable).")
    List<String> overrides = new ArrayList<>();

    /**
     * Loads the configuration. {@code commandSettings} (key=value: the demo's broker, the replay's output
     * paths) override the file, and --set overrides both.
     */
    VigilConfig load(List<String> commandSettings) throws IOException {
        List<String> all = new ArrayList<>(commandSettings);
        all.addAll(overrides);
        return VigilConfig.load(config != null ? config : bundledConfig(), all);
    }

    /** config/vigil.yaml as shipped in the jar. */
    private static Path bundledConfig() throws IOException {
        try (InputStream in = ConfigMixin.class.getResourceAsStream("/vigil.yaml")) {
            if (in == null) {
                throw new IllegalStateException("vigil.yaml is missing from the jar");
            }
            Path tmp = Files.createTempFile("vigil", ".yaml");
            tmp.toFile().deleteOnExit();
            Files.write(tmp, in.readAllBytes());
            return tmp;
        }
    }
}
