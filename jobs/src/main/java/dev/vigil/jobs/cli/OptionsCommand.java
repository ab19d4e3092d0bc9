package dev.vigil.jobs.cli;

import dev.vigil.jobs.config.VigilOptions;
import org.apache.flink.configuration.ConfigOption;
import picocli.CommandLine.Command;

/** {@code vigil options}: every option with its default and meaning. */
@Command(name = "options", mixinStandardHelpOptions = true, description = "List every configuration option with its default.")
public final class OptionsCommand implements Runnable {
    @Override
    public void run() {
        for (ConfigOption<?> o : VigilOptions.all()) {
            Object def = o.hasDefaultValue() ? o.defaultValue() : "(unset)";
            System.out.printf("%-32s %-24s %s%n", o.key(), def, o.description().toString().replaceAll("<[^>]+>", ""));
        }
        System.out.printf("%-32s %-24s %s%n", VigilOptions.KAFKA_PROPERTIES_PREFIX + "*", "", "Kafka client properties passed through (SASL, TLS).");
    }
}
