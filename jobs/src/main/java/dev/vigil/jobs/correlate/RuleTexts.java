package dev.vigil.jobs.correlate;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        for (String p : config.list(VigilOptions.RULES_PATHS)) {
            readInto(Path.of(p), texts);
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

    /** Every .yml/.yaml file under a file or folder (see {@link dev.vigil.sigma.SigmaLoader#readTexts}). */
    public static void readInto(Path path, Map<String, String> texts) {
        try {
            dev.vigil.sigma.SigmaLoader.readTexts(path, texts);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("rules.paths: " + e.getMessage(), e);
        }
    }
}
