package dev.vigil.sigma;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A compiled Sigma correlation rule (specification v2): over the matches of the referenced rules,
 * grouped by {@code groupBy}, within {@code timespan}.
 *
 * @param id        the rule's id, or its name when it has none
 * @param name      its name, may be null
 * @param title     title
 * @param level     level
 * @param tags      Sigma tags
 * @param type      event_count, value_count, value_sum, value_avg, value_percentile, temporal, temporal_ordered
 * @param rules     ids of the referenced rules (detection or correlation), resolved
 * @param groupBy   ECS field names to group by, per referenced rule id (aliases and field mapping applied)
 * @param groupNames the group-by names as the rule writes them (the keys of an incident's group_key)
 * @param timespan  the window
 * @param condition the comparison(s) the aggregate must satisfy; for temporal types, how many distinct rules
 * @param field     the field aggregated by value_* types, per referenced rule id (ECS names)
 * @param generate  whether the referenced rules' own matches are also reported
 * @param file      the file it came from
 */
public record CorrelationRule(
        String id, String name, String title, String level, List<String> tags, String type,
        List<String> rules, Map<String, List<String>> groupBy, List<String> groupNames, Duration timespan,
        Map<String, Double> condition, Map<String, String> field, boolean generate, String file) implements Serializable {

    public static final List<String> TYPES = List.of("event_count", "value_count", "value_sum", "value_avg",
            "value_percentile", "temporal", "temporal_ordered");

    public CorrelationRule {
        tags = List.copyOf(tags);
        rules = List.copyOf(rules);
        groupNames = List.copyOf(groupNames);
    }

    public boolean temporal() {
        return type.startsWith("temporal");
    }

    /** The same rule with another condition (a threshold changed at run time). */
    public CorrelationRule withCondition(Map<String, Double> newCondition) {
        return new CorrelationRule(id, name, title, level, tags, type, rules, groupBy, groupNames, timespan,
                newCondition, field, generate, file);
    }

    /** Whether an aggregate satisfies every comparison of the condition. */
    public boolean satisfied(double aggregate) {
        for (Map.Entry<String, Double> c : condition.entrySet()) {
            double v = c.getValue();
            boolean ok = switch (c.getKey()) {
                case "gt" -> aggregate > v;
                case "gte" -> aggregate >= v;
                case "lt" -> aggregate < v;
                case "lte" -> aggregate <= v;
                case "eq" -> aggregate == v;
                case "neq" -> aggregate != v;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A short text of the condition, e.g. "gte 5". */
    public String conditionText() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> c : condition.entrySet()) {
            double v = c.getValue();
            b.append(b.length() == 0 ? "" : " and ").append(c.getKey()).append(' ')
                    .append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
        }
        return b.toString();
    }
}
