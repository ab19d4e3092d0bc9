package dev.vigil.sigma;

import java.io.Serializable;
import java.util.List;

/**
 * A compiled Sigma detection rule.
 *
 * @param id        the rule's id (UUID), or its name when it has none
 * @param name      the rule's name (for correlation references), may be null
 * @param title     title
 * @param level     informational, low, medium, high, critical
 * @param tags      Sigma tags, e.g. attack.t1110.001
 * @param logsource its logsource
 * @param selector  which Vigil events the logsource covers
 * @param condition the compiled condition
 * @param file      the file it came from
 */
public record DetectionRule(
        String id, String name, String title, String level, List<String> tags,
        Logsource logsource, LogsourceSelector selector, Condition condition, String file) implements Serializable {

    public DetectionRule {
        tags = List.copyOf(tags);
    }

    public boolean matches(SigmaEvent e) {
        return e.in(selector) && condition.eval(e);
    }

    /** Whether any event can ever reach the rule (false while Vigil ingests nothing for its logsource). */
    public boolean active() {
        return !selector.matchesNothing();
    }
}
