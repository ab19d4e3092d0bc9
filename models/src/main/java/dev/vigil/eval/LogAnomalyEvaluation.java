package dev.vigil.eval;

import dev.vigil.logs.HeaderFormat;
import dev.vigil.logs.LogAnomaly;
import dev.vigil.logs.LogCategories;
import dev.vigil.logs.MinerSettings;
import dev.vigil.logs.TemplateActivity;
import dev.vigil.logs.TemplateMatch;
import dev.vigil.logs.TemplateMiner;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores Vigil's log anomalies (new templates, rate jumps of error templates) against BGL's line labels:
 * a line is an alert when its first column is not {@code -}; a line is flagged when it brought a new
 * template or belongs to a template's rate-jump window. The job's code path: the miner, the categories
 * and {@link TemplateActivity}, fed in file order with BGL's epoch-second timestamps.
 */
public final class LogAnomalyEvaluation {
    private LogAnomalyEvaluation() {}

    /** Precision and recall of flagged lines, and the counts behind them. */
    public record Result(int lines, int alertLines, int flagged, int truePositives, double precision, double recall) {}

    public static Result bgl(LoghubCorpus.LogSystem bgl, MinerSettings minerSettings, TemplateActivity.Settings settings,
                             LogCategories categories) throws IOException {
        HeaderFormat format = HeaderFormat.of(bgl.logFormat());
        TemplateMiner miner = new TemplateMiner(minerSettings.withMasks(bgl.masks()));
        TemplateActivity activity = new TemplateActivity(settings);
        Map<String, String> categoryOf = new HashMap<>();
        List<String> raw = bgl.lines();
        boolean[] alert = new boolean[raw.size()];
        boolean[] flagged = new boolean[raw.size()];
        long[] times = new long[raw.size()];
        String[] ids = new String[raw.size()];
        long open = Long.MIN_VALUE;
        Set<String> jumped = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String line = raw.get(i);
            String[] head = line.split(" ", 3);
            alert[i] = !head[0].equals("-");
            long time = Long.parseLong(head[1]) * 1000;
            times[i] = time;
            long window = activity.windowStart(time);
            if (open != Long.MIN_VALUE && window > open) {
                for (Long w : activity.openWindows()) {
                    if (w < window) {
                        for (LogAnomaly a : activity.close("bgl", w).anomalies()) {
                            jumped.add(a.templateId() + '@' + w);
                        }
                    }
                }
            }
            open = window;
            TemplateMatch m = miner.add(format.content(line).orElse(line));
            ids[i] = m.id();
            String category = categoryOf.computeIfAbsent(m.template(), categories::categorise);
            if (activity.observe(time, "bgl", "bgl", m.id(), m.template(), category) != null) {
                flagged[i] = true;
            }
        }
        for (Long w : activity.openWindows()) {
            for (LogAnomaly a : activity.close("bgl", w).anomalies()) {
                jumped.add(a.templateId() + '@' + w);
            }
        }
        int alerts = 0;
        int flags = 0;
        int tp = 0;
        for (int i = 0; i < raw.size(); i++) {
            if (jumped.contains(ids[i] + '@' + activity.windowStart(times[i]))) {
                flagged[i] = true;
            }
            alerts += alert[i] ? 1 : 0;
            flags += flagged[i] ? 1 : 0;
            tp += alert[i] && flagged[i] ? 1 : 0;
        }
        return new Result(raw.size(), alerts, flags, tp, flags == 0 ? 0 : (double) tp / flags, alerts == 0 ? 0 : (double) tp / alerts);
    }

}
