package dev.vigil.jobs.cli;

import dev.vigil.decode.Decoder;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.sigma.Feeds;
import dev.vigil.sigma.FieldMapping;
import dev.vigil.sigma.SigmaLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code vigil rules check DIR...}: loads and compiles every Sigma rule, one line per rule, and says for
 * each detection rule which logsource it needs and which configured input feeds it.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Sigma rules. `vigil rules check PATH...` loads and compiles every rule under the paths",
            "and prints one line per rule: ok with the logsource it needs and the configured inputs that feed it,",
            "unfed when no configured input can (with the formats that could), or the precise error.",
            "Exit code 1 when any rule fails to load; unfed rules load and are counted."})
public final class RulesCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "check")
    String action;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Rule files or folders.")
    List<Path> paths;

    @Option(names = "--field-mapping", paramLabel = "FILE", description = "Field mapping (default: the shipped one, see docs/rules.md).")
    Path fieldMapping;

    @Mixin
    ConfigMixin configMixin;

    @Override
    public Integer call() throws Exception {
        if (!action.equals("check")) {
            throw new IllegalArgumentException("unknown action '" + action + "'; known: check");
        }
        FieldMapping mapping = fieldMapping == null ? FieldMapping.defaults() : FieldMapping.load(fieldMapping);
        Map<String, Set<String>> inputs = inputs(configMixin.load(List.of()));
        Map<String, Set<String>> formats = new TreeMap<>();
        for (String name : Decoders.names()) {
            if (!name.equals(Decoders.AUTO)) {
                formats.put(name, Decoders.create(name, DecoderOptions.defaults()).emits());
            }
        }
        SigmaLoader.Result result = SigmaLoader.load(paths, mapping);
        int failed = 0;
        int unfed = 0;
        for (SigmaLoader.Status s : result.statuses()) {
            if (!s.ok()) {
                failed++;
                System.out.println(s.line());
            } else if (s.selector() == null) {
                System.out.println(s.line());
            } else {
                List<String> feeders = Feeds.feeders(s.selector(), inputs);
                String needs = s.logsource().key();
                if (feeders.isEmpty()) {
                    unfed++;
                    List<String> could = Feeds.feeders(s.selector(), formats);
                    System.out.println("unfed  " + s.file() + "  " + s.rule() + "  (needs " + needs + "; no configured input feeds it"
                            + (could.isEmpty() ? ": no format Vigil reads can" : "; formats that can: " + String.join(", ", could)) + ")");
                } else {
                    System.out.println("ok     " + s.file() + "  " + s.rule() + "  (needs " + needs + "; fed by " + String.join(", ", feeders) + ")");
                }
            }
        }
        System.out.printf("%d rules: %d detection (%d fed, %d unfed), %d correlation loaded; %d failed%n", result.statuses().size(),
                result.detections().size(), result.detections().size() - unfed, unfed, result.correlations().size(), failed);
        return failed == 0 ? 0 : 1;
    }

    /** The configured inputs (each topic with its format), by "topic (format)", with what each decoder emits. */
    static Map<String, Set<String>> inputs(VigilConfig c) {
        Map<String, String> byTopic = new LinkedHashMap<>();
        put(byTopic, c.get(VigilOptions.KAFKA_TOPIC_METRICS), c.get(VigilOptions.FORMAT_METRICS));
        put(byTopic, c.get(VigilOptions.KAFKA_TOPIC_LOGS), c.get(VigilOptions.FORMAT_LOGS));
        put(byTopic, c.get(VigilOptions.KAFKA_TOPIC_SECURITY), c.get(VigilOptions.FORMAT_SECURITY));
        new TreeMap<>(c.get(VigilOptions.TOPIC_FORMATS)).forEach((topic, format) -> put(byTopic, topic, format.trim()));
        Map<String, Set<String>> inputs = new LinkedHashMap<>();
        byTopic.forEach((topic, format) -> {
            Decoder d = Decoders.create(format, DecoderOptions.defaults());
            inputs.put(topic + " (" + format + ")", d.emits());
        });
        return inputs;
    }

    private static void put(Map<String, String> byTopic, String topics, String format) {
        for (String t : VigilConfig.commaSeparated(topics)) {
            byTopic.put(t, format);
        }
    }
}
