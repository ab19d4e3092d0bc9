package dev.vigil.notify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alertmanager's inhibition: while an alert matching {@code source} fires, alerts matching
 * {@code target} with the same values of the {@code equal} labels are muted (for example a critical
 * alert mutes the warnings of the same host). An alert never inhibits itself.
 */
public record InhibitRule(List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {
    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    /** Whether {@code firing}, a firing alert's labels, inhibits the alert with {@code labels}. */
    public boolean inhibits(Map<String, String> firing, Map<String, String> labels) {
        if (firing.equals(labels) || !LabelMatcher.all(target, labels) || !LabelMatcher.all(source, firing)) {
            return false;
        }
        for (String name : equal) {
            if (!Objects.equals(firing.get(name), labels.get(name))) {
                return false;
            }
        }
        return true;
    }
}
