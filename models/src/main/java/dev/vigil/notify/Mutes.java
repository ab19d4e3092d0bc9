package dev.vigil.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What can mute an alert at a moment, as Alertmanager decides it: a silence active then whose matchers
 * all match the alert's labels, or an inhibition rule whose source matchers match an alert firing now
 * and whose target matchers match this one (with equal values of the rule's {@code equal} labels).
 */
public final class Mutes {
    private final List<List<LabelMatcher>> silences;
    private final long[] silenceStarts;
    private final long[] silenceEnds;
    private final List<InhibitRule> inhibitions;
    private final List<Map<String, String>> firing;

    private Mutes(Builder b) {
        silences = List.copyOf(b.silences);
        silenceStarts = b.starts.stream().mapToLong(Long::longValue).toArray();
        silenceEnds = b.ends.stream().mapToLong(Long::longValue).toArray();
        inhibitions = List.copyOf(b.inhibitions);
        firing = List.copyOf(b.firing);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a silence active at {@code time}, or an inhibition by a firing alert, mutes an alert with these labels. */
    public boolean muted(Map<String, String> labels, long time) {
        for (int i = 0; i < silences.size(); i++) {
            if (silenceStarts[i] <= time && time < silenceEnds[i] && LabelMatcher.all(silences.get(i), labels)) {
                return true;
            }
        }
        for (InhibitRule rule : inhibitions) {
            for (Map<String, String> source : firing) {
                if (rule.inhibits(source, labels)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Collects silences, inhibition rules and the labels of the alerts firing now. */
    public static final class Builder {
        private final List<List<LabelMatcher>> silences = new ArrayList<>();
        private final List<Long> starts = new ArrayList<>();
        private final List<Long> ends = new ArrayList<>();
        private final List<InhibitRule> inhibitions = new ArrayList<>();
        private final List<Map<String, String>> firing = new ArrayList<>();

        private Builder() {}

        /** A silence active from {@code startsAt} (inclusive) to {@code endsAt} (exclusive). */
        public Builder silence(List<LabelMatcher> matchers, long startsAt, long endsAt) {
            silences.add(matchers);
            starts.add(startsAt);
            ends.add(endsAt);
            return this;
        }

        public Builder inhibition(InhibitRule rule) {
            inhibitions.add(rule);
            return this;
        }

        /** An alert firing now, which can inhibit others. */
        public Builder firing(Map<String, String> labels) {
            firing.add(labels);
            return this;
        }

        public Mutes build() {
            return new Mutes(this);
        }
    }
}
