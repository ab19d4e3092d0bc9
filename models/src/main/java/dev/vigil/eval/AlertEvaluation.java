package dev.vigil.eval;

import dev.vigil.simulate.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores the alerts of one run against what was injected (issue 23): the model-driven alerts on healthy
 * hosts are unrelated, counted per 100 host-days; each problem is caught when an alert on its host starts
 * between its start and its deadline, with the delay; per alert name, the share of its alerts that were
 * related to a problem (precision).
 */
public final class AlertEvaluation {
    /** The alerts that models raise (the ones issue 23 counts); threshold rules' alerts are the user's own. */
    public static final Set<String> MODEL_DRIVEN = Set.of("MetricAnomaly", "FilesystemWillFill", "FilesystemInodesWillRunOut",
            "MemoryWillRunOut", "SwapWillRunOut", "MemoryLeak", "LogAnomaly");

    /** One alert that fired: its name, host and start. */
    public record Fired(String alertname, String host, long startsAt) {}

    /** How one problem went. */
    public record Outcome(Problem problem, boolean caught, long delayMs, String caughtBy) {}

    /**
     * @param unrelated      model-driven alerts on healthy hosts
     * @param healthyHostDays the healthy hosts' days, the denominator
     * @param outcomes       each problem
     * @param related        per alert name, its alerts on a problem's host from the problem's start on
     * @param unrelatedByName per alert name, its model-driven alerts on healthy hosts (and on problem hosts before their problem)
     */
    public record Report(List<Fired> unrelated, double healthyHostDays, List<Outcome> outcomes,
            Map<String, Integer> related, Map<String, Integer> unrelatedByName) {
        public double unrelatedPer100HostDays() {
            return healthyHostDays == 0 ? 0 : 100.0 * unrelated.size() / healthyHostDays;
        }

        public long caught() {
            return outcomes.stream().filter(Outcome::caught).count();
        }
    }

    private AlertEvaluation() {}

    /**
     * @param healthyHosts how many hosts had no problem (the denominator of unrelated alerts, with days)
     */
    public static Report score(List<Fired> alerts, int healthyHosts, double days, List<Problem> problems) {
        List<Fired> unrelated = new ArrayList<>();
        Map<String, Integer> related = new TreeMap<>();
        Map<String, Integer> unrelatedByName = new TreeMap<>();
        for (Fired a : alerts) {
            Problem p = problemOn(problems, a.host());
            if (p != null && a.startsAt() >= p.start()) {
                related.merge(a.alertname(), 1, Integer::sum);
            } else if (MODEL_DRIVEN.contains(a.alertname())) {
                unrelatedByName.merge(a.alertname(), 1, Integer::sum);
                if (p == null) {
                    unrelated.add(a);
                }
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Problem p : problems) {
            Fired first = null;
            for (Fired a : alerts) {
                if (a.host().equals(p.host()) && a.startsAt() >= p.start() && a.startsAt() <= p.deadline()
                        && (first == null || a.startsAt() < first.startsAt())) {
                    first = a;
                }
            }
            outcomes.add(first == null ? new Outcome(p, false, -1, null) : new Outcome(p, true, first.startsAt() - p.start(), first.alertname()));
        }
        return new Report(unrelated, healthyHosts * days, outcomes, related, unrelatedByName);
    }

    private static Problem problemOn(List<Problem> problems, String host) {
        for (Problem p : problems) {
            if (p.host().equals(host)) {
                return p;
            }
        }
        return null;
    }
}
