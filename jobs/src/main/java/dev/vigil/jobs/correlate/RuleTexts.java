package dev.vigil.jobs.correlate;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Sigma rules a job runs, as texts by file name: read once where the job is built and shipped to the
 * operators, which compile them in {@code open()} (texts travel in the job graph; compiled rules need not).
 */
public final class RuleTexts {
    /** The built-in pack's files (rules/vigil in the repository, /rules/vigil in the jar). */
    public static final List<String> BUILTIN = List.of("ssh.yml", "privilege.yml", "network.yml", "services.yml");

    private RuleTexts() {}

    public static Map<String, String> load(VigilConfig config) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (config.get(VigilOptions.RULES_BUILTIN)) {
            texts.putAll(builtin());
        }
        for (String p : config.get(VigilOptions.RULES_PATHS).split(",")) {
            if (!p.isBlank()) {
                readInto(Path.of(p.trim()), texts);
            }
        }
        return texts;
    }

    public static Map<String, String> builtin() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String f : BUILTIN) {
            try (InputStream in = RuleTexts.class.getResourceAsStream("/rules/vigil/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("built-in rule file rules/vigil/" + f + " is missing from the jar");
                }
                texts.put("builtin:rules/vigil/" + f, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts;
    }

    /** Every .yml/.yaml file under a file or folder. */
    public static void readInto(Path path, Map<String, String> texts) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path f : walk.filter(Files::isRegularFile)
                            .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
                        texts.put(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
                    }
                }
            } else if (Files.isRegularFile(path)) {
                texts.put(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
            } else {
                throw new IllegalArgumentException("rules.paths: " + path + " does not exist");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
