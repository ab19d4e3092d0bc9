package dev.vigil.jobs.correlate;

import dev.vigil.correlate.SigmaRules;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.sigma.FieldMapping;
import dev.vigil.sigma.SigmaLoader;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the correlation operators need, serialisable: rule texts, the field mapping's text (null for
 * the shipped one), the suppression window and the alert level. {@link #compile()} builds the rule set.
 *
 * @param texts        rule file name to YAML text
 * @param mappingYaml  the field mapping as YAML text, or null for the shipped mapping
 * @param suppression  incident suppression window
 * @param alertLevel   lowest level whose incidents become alerts
 * @param externalUrl  base of generator URLs
 */
public record RuleSettings(Map<String, String> texts, String mappingYaml, Duration suppression, String alertLevel, String externalUrl)
        implements Serializable {

    public RuleSettings {
        texts = new LinkedHashMap<>(texts);
        if (SigmaLoader.levelRank(alertLevel) < 0) {
            throw new IllegalArgumentException("incidents.alert-level must be informational, low, medium, high or critical, was '" + alertLevel + "'");
        }
    }

    public static RuleSettings of(VigilConfig c) {
        String mapping = c.get(VigilOptions.RULES_FIELD_MAPPING);
        String yaml = null;
        if (!mapping.isBlank()) {
            try {
                yaml = Files.readString(Path.of(mapping));
            } catch (IOException e) {
                throw new UncheckedIOException("rules.field-mapping: cannot read " + mapping, e);
            }
        }
        return new RuleSettings(RuleTexts.load(c), yaml, c.get(VigilOptions.INCIDENT_SUPPRESSION),
                c.get(VigilOptions.INCIDENT_ALERT_LEVEL), c.get(VigilOptions.EXTERNAL_URL));
    }

    public SigmaRules compile() {
        FieldMapping mapping;
        if (mappingYaml == null) {
            mapping = FieldMapping.defaults();
        } else {
            try {
                mapping = FieldMapping.fromYaml(mappingYaml, "rules.field-mapping");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return SigmaRules.compile(texts, mapping, suppression);
    }

    /** Compiles and fails with every rule error when any rule does not load: a job must not start half-armed. */
    public SigmaRules compileStrict() {
        SigmaRules rules = compile();
        if (!rules.loaded().allOk()) {
            StringBuilder b = new StringBuilder("Sigma rules failed to load:");
            for (SigmaLoader.Status s : rules.loaded().statuses()) {
                if (!s.ok()) {
                    b.append("\n  ").append(s.line());
                }
            }
            throw new IllegalArgumentException(b.toString());
        }
        return rules;
    }
}
