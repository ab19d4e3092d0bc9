package dev.vigil.sigma;

import java.util.Set;

/**
 * Which Vigil events a logsource covers: events of a kind ({@code log}, {@code security}, or
 * {@code none} while Vigil ingests nothing for it), optionally only from some programs (logs) or with
 * some actions (security events).
 *
 * @param kind    log, security or none
 * @param apps    for logs: the programs (syslog tags), empty for all
 * @param actions for security events: the event.action values, empty for all
 */
public record LogsourceSelector(String kind, Set<String> apps, Set<String> actions) {
    public static final LogsourceSelector NONE = new LogsourceSelector("none", Set.of(), Set.of());

    public LogsourceSelector {
        apps = Set.copyOf(apps);
        actions = Set.copyOf(actions);
    }

    public boolean matchesNothing() {
        return kind.equals("none");
    }
}
