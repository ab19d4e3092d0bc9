package dev.vigil.simulate;

/**
 * One injected incident, as written to {@code ground_truth.json}: what happened, where, who, when.
 *
 * @param kind     e.g. {@code ssh_brute_force_success}
 * @param host     the target host
 * @param sourceIp the attacker's address, when there is one
 * @param user     the user involved, when there is one
 * @param start    first event, epoch millis
 * @param end      last event, epoch millis
 */
public record Scenario(String kind, String host, String sourceIp, String user, long start, long end) {}
