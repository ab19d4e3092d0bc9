package dev.vigil.jobs.cli;

import dev.vigil.jobs.config.VigilOptions;
import picocli.CommandLine.Command;

/** {@code vigil options}: every option with its default and meaning. */
@Command(name = "options", mixinStandardHelpOptions = true, description = "List every configuration option with its default.")
public final class OptionsCommand implements Runnable {
    @Override
    public void run() {
        for (VigilOptions.Row r : VigilOptions.rows()) {
            System.out.printf("%-34s  %-34s  %s%n", r.key(), r.defaultValue(), r.description());
        }
        System.out.printf("%-34s  %-34s  %s%n", VigilOptions.KAFKA_PROPERTIES_PREFIX + "*", "",
                "Kafka client properties passed through unchanged (SASL, TLS).");
    }
}
