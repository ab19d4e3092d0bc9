package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.sigma.CorrelationRule;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

import java.util.List;
import java.util.Set;

/**
 * Flink CEP patterns for the temporal correlation types, over one correlation's inputs keyed by group:
 * <ul>
 *   <li>temporal_ordered: the referenced rules in order, each followed (not necessarily directly) by the
 *       next, all within the timespan;</li>
 *   <li>temporal: N distinct referenced rules in any order within the timespan (N = the condition, by
 *       default all of them): one looping state whose condition admits only a rule not yet in the match.</li>
 * </ul>
 * After a match the pattern skips past its last event, so one burst yields one match (suppression folds
 * later ones into the same incident).
 */
public final class TemporalPatterns {
    private TemporalPatterns() {}

    public static Pattern<CorrelationInput, CorrelationInput> of(CorrelationRule rule) {
        AfterMatchSkipStrategy skip = AfterMatchSkipStrategy.skipPastLastEvent();
        if (rule.type().equals("temporal_ordered")) {
            List<String> refs = rule.rules();
            Pattern<CorrelationInput, CorrelationInput> p = Pattern.<CorrelationInput>begin("r0", skip).where(new RuleIs(refs.get(0)));
            for (int i = 1; i < refs.size(); i++) {
                p = p.followedBy("r" + i).where(new RuleIs(refs.get(i)));
            }
            return p.within(rule.timespan());
        }
        int n = (int) Math.ceil(rule.condition().getOrDefault("gte", rule.condition().getOrDefault("gt", rule.rules().size() - 1.0) + 1));
        n = Math.max(1, Math.min(n, rule.rules().size()));
        return Pattern.<CorrelationInput>begin("e", skip).where(new NewRule(Set.copyOf(rule.rules()))).times(n).within(rule.timespan());
    }

    /** The input matched the given rule. */
    static final class RuleIs extends SimpleCondition<CorrelationInput> {
        private static final long serialVersionUID = 1L;
        private final String rule;

        RuleIs(String rule) {
            this.rule = rule;
        }

        @Override
        public boolean filter(CorrelationInput in) {
            return in.rule().equals(rule);
        }
    }

    /** The input matched one of the rules, and one not yet in the partial match. */
    static final class NewRule extends IterativeCondition<CorrelationInput> {
        private static final long serialVersionUID = 1L;
        private final Set<String> rules;

        NewRule(Set<String> rules) {
            this.rules = rules;
        }

        @Override
        public boolean filter(CorrelationInput in, Context<CorrelationInput> ctx) throws Exception {
            if (!rules.contains(in.rule())) {
                return false;
            }
            // Per CEP evaluation: stop at the first earlier match of the same rule, no set to build.
            for (CorrelationInput e : ctx.getEventsForPattern("e")) {
                if (e.rule().equals(in.rule())) {
                    return false;
                }
            }
            return true;
        }
    }
}
