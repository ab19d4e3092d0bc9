package dev.vigil.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * What to simulate. The same configuration always produces the same records.
 *
 * @param hosts    number of hosts (named web-1, api-1, db-1, web-2, ...)
 * @param start    first sample time
 * @param duration how long the fleet runs
 * @param step     metric scrape interval
 * @param seed     random seed
 * @param attacks  whether to inject the incidents (false: a quiet fleet, for false-positive checks)
 */
public record SimulatorConfig(int hosts, Instant start, Duration duration, Duration step, long seed, boolean attacks) {
    public static final Instant DEFAULT_START = Instant.parse("2026-11-20T00:00:00Z");

    /** A fleet with the injected incidents. */
    public SimulatorConfig(int hosts, Instant start, Duration duration, Duration step, long seed) {
        this(hosts, start, duration, step, seed, true);
    }

    public SimulatorConfig {
        if (hosts < 1 || hosts > 10_000) {
            throw new IllegalArgumentException("hosts must be from 1 to 10000, was " + hosts);
        }
        if (duration.compareTo(Duration.ofMinutes(30)) < 0) {
            throw new IllegalArgumentException("duration must be at least 30m (the scenarios need room), was " + duration);
        }
        if (step.isNegative() || step.isZero() || step.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("step must be from 1ms to 10m, was " + step);
        }
    }
}
