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
 *       {@code action} add or remove, with the list's ATT&CK {@code tags};</li>
 *   <li>{@code silence}: silence {@code value} (its id) mutes alert notifications whose labels match every
 *       one of {@code matchers} from {@code startsAt} to {@code endsAt} (epoch millis); {@code action}
 *       add or expire;</li>
 *   <li>{@code inhibit}: inhibition rule {@code value} (its id): while an alert matching every one of
 *       {@code matchers} fires, alerts matching every one of {@code targetMatchers} with the same values of
 *       the {@code equal} labels are muted; {@code action} add or expire.</li>
 * </ul>
 */
public record ControlMessage(String type, String rule, Boolean enabled, Map<String, Double> condition, Long suppression,
                             String iocKind, String value, String list, String action, List<String> tags,
                             List<String> matchers, Long startsAt, Long endsAt, List<String> targetMatchers, List<String> equal) {
    public static final String RULE = "rule";
    public static final String IOC = "ioc";
    public static final String SILENCE = "silence";
    public static final String INHIBIT = "inhibit";

    public ControlMessage {
        condition = condition == null ? null : Map.copyOf(condition);
        tags = tags == null ? List.of() : List.copyOf(tags);
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        targetMatchers = targetMatchers == null ? List.of() : List.copyOf(targetMatchers);
        equal = equal == null ? List.of() : List.copyOf(equal);
    }

    public static ControlMessage rule(String rule, Boolean enabled, Map<String, Double> condition, Long suppression) {
        return new ControlMessage(RULE, rule, enabled, condition, suppression, null, null, null, null, null, null, null, null, null, null);
    }

    public static ControlMessage ioc(String kind, String value, String list, String action, List<String> tags) {
        return new ControlMessage(IOC, null, null, null, null, kind, value, list, action, tags, null, null, null, null, null);
    }

    public static ControlMessage silence(String id, String action, List<String> matchers, long startsAt, long endsAt) {
        return new ControlMessage(SILENCE, null, null, null, null, null, id, null, action, null, matchers, startsAt, endsAt, null, null);
    }

    public static ControlMessage inhibit(String id, String action, List<String> source, List<String> target, List<String> equal) {
        return new ControlMessage(INHIBIT, null, null, null, null, null, id, null, action, null, source, null, null, target, equal);
    }

    /** The broadcast-state key: one entry per rule, and one per indicator. */
    public String stateKey() {
        return type.equals(RULE) ? "rule:" + rule : type.equals(SILENCE) || type.equals(INHIBIT) ? type + ":" + value
                : "ioc:" + iocKind + ":" + value.toLowerCase(java.util.Locale.ROOT);
    }

    /** This rule change laid over an earlier one (fields this message leaves null keep their earlier value). */
    public ControlMessage over(ControlMessage earlier) {
        if (earlier == null) {
            return this;
        }
        return rule(rule, enabled != null ? enabled : earlier.enabled(),
                condition != null ? condition : earlier.condition(), suppression != null ? suppression : earlier.suppression());
    }
}
