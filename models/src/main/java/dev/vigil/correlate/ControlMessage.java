package dev.vigil.correlate;

import java.util.List;
import java.util.Map;

/**
 * A change made while the job runs, from the control stream. One record type for all kinds, with the
 * fields a kind does not use null (so Flink serialises it as a POJO and keeps it in broadcast state).
 *
 * <ul>
 *   <li>{@code rule}: {@code enabled}, a new {@code condition} (e.g. {@code {"gte": 20}}) or {@code suppression}
 *       (millis) for a rule named by id or name;</li>
 *   <li>{@code ioc}: an indicator of {@code iocKind} ip, cidr, domain or user, {@code value}, from {@code list},
 *       {@code action} add or remove, with the list's ATT&CK {@code tags}.</li>
 * </ul>
 */
public record ControlMessage(String type, String rule, Boolean enabled, Map<String, Double> condition, Long suppression,
                             String iocKind, String value, String list, String action, List<String> tags) {
    public static final String RULE = "rule";
    public static final String IOC = "ioc";

    public ControlMessage {
        condition = condition == null ? null : Map.copyOf(condition);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static ControlMessage ioc(String kind, String value, String list, String action, List<String> tags) {
        return new ControlMessage(IOC, null, null, null, null, kind, value, list, action, tags);
    }

    /** The broadcast-state key: one entry per rule, and one per indicator. */
    public String stateKey() {
        return type.equals(RULE) ? "rule:" + rule : "ioc:" + iocKind + ":" + value.toLowerCase(java.util.Locale.ROOT);
    }

    /** This rule change laid over an earlier one (fields this message leaves null keep their earlier value). */
    public ControlMessage over(ControlMessage earlier) {
        if (earlier == null) {
            return this;
        }
        return new ControlMessage(RULE, rule, enabled != null ? enabled : earlier.enabled(),
                condition != null ? condition : earlier.condition(), suppression != null ? suppression : earlier.suppression(),
                null, null, null, null, List.of());
    }
}
