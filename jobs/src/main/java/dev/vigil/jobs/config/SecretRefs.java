package dev.vigil.jobs.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Secret references in option values: {@code ${env:NAME}} (an environment variable) and
 * {@code ${file:PATH}} (a file's text, trimmed). Options that carry secrets ({@code kafka.properties.*},
 * {@code alerts.webhook.url}) keep the reference in the job graph and resolve it where it is used, on the
 * TaskManagers: Kafka clients through Kafka's own config providers, the webhook sink when it opens. A
 * secret's value is then never on the submitting client, in the submitted job graph, or in a log.
 */
public final class SecretRefs {
    /** Kafka config provider names Vigil registers (Kafka's own syntax: {@code ${provider:path:key}}). */
    static final String ENV_PROVIDER = "env";
    static final String FILE_PROVIDER = "vigilfile";

    private SecretRefs() {}

    /** Whether the whole value is a reference. */
    public static boolean isReference(String value) {
        return value != null && value.startsWith("${") && value.endsWith("}")
                && (value.startsWith("${env:") || value.startsWith("${file:"));
    }

    /**
     * The value a reference stands for; any other value as it is. Errors name the option and the
     * variable or file, never a value.
     */
    public static String resolve(String key, String value, Function<String, String> env) {
        if (!isReference(value)) {
            return value;
        }
        String ref = value.substring(2, value.length() - 1);
        if (ref.startsWith("env:")) {
            String v = env.apply(ref.substring(4));
            if (v == null) {
                throw new IllegalArgumentException("option '" + key + "': environment variable " + ref.substring(4) + " is not set");
            }
            return v;
        }
        try {
            return Files.readString(Path.of(ref.substring(5))).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("option '" + key + "': cannot read " + ref.substring(5) + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Kafka client properties with Vigil's references handed to Kafka's config providers: {@code ${env:NAME}}
     * is already Kafka's EnvVarConfigProvider syntax; {@code ${file:/dir/name}} becomes
     * {@code ${vigilfile:/dir:name}} for its DirectoryConfigProvider, which reads the whole file (Kafka trims
     * password values). The providers are registered beside any the user configured.
     */
    public static Map<String, String> forKafka(Map<String, String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean env = false;
        boolean file = false;
        for (Map.Entry<String, String> e : props.entrySet()) {
            String v = e.getValue();
            if (v != null && v.contains("${env:")) {
                env = true;
            }
            // ${file:/a.properties:key} is Kafka's own FileConfigProvider syntax: left to a provider the user set up.
            if (isReference(v) && v.startsWith("${file:") && v.indexOf(':', 7) < 0) {
                Path p = Path.of(v.substring(7, v.length() - 1));
                if (!p.isAbsolute()) {
                    // Resolved on the cluster's machines, whose working directory is not the client's.
                    throw new IllegalArgumentException("option 'kafka.properties." + e.getKey() + "': ${file:...} needs an absolute path, was "
                            + p);
                }
                Path dir = p.getParent();
                v = "${" + FILE_PROVIDER + ":" + dir + ":" + p.getFileName() + "}";
                file = true;
            }
            out.put(e.getKey(), v);
        }
        String providers = out.getOrDefault("config.providers", "");
        if (env && !out.containsKey("config.providers." + ENV_PROVIDER + ".class")) {
            providers = append(providers, ENV_PROVIDER);
            out.put("config.providers." + ENV_PROVIDER + ".class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        }
        if (file) {
            providers = append(providers, FILE_PROVIDER);
            out.put("config.providers." + FILE_PROVIDER + ".class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        }
        if (!providers.isEmpty()) {
            out.put("config.providers", providers);
        }
        return out;
    }

    private static String append(String list, String name) {
        return list.isBlank() ? name : list + "," + name;
    }
}
