package dev.vigil.logs;

import static dev.vigil.alert.AlertHints.minutes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log root-cause hints: the templates whose rate rose most above their own baseline on a host in the
 * windows just before an incident or alert. "api latency high" explained by "EXT4-fs error ... new, 20
 * lines" ten minutes earlier is the evidence an on-call engineer reads first.
 */
public final class TemplateHints {
    /** The alert annotation that carries them. */
    public static final String ANNOTATION = "log_hints";
    /** At most this many templates are named. */
    public static final int MAX = 3;
    /**
     * A window is evidence only if its count is this many standard deviations (Poisson: sqrt of the
     * baseline) above the baseline; below that, ordinary chatter would crowd the hints.
     */
    public static final double MIN_CHANGE = 2.0;
    private static final int MAX_TEMPLATE_CHARS = 100;
    private static final Comparator<TemplateWindow> STRONGEST = Comparator.comparingDouble(TemplateWindow::change).reversed()
            .thenComparing(w -> TemplateActivity.isError(w.category()) ? 0 : 1)
            .thenComparing(TemplateWindow::app).thenComparing(TemplateWindow::templateId);

    private TemplateHints() {}

    /** Whether a window row can ever be a hint (so an operator need not keep the others). */
    public static boolean notable(TemplateWindow w) {
        return w.change() >= MIN_CHANGE;
    }

    /**
     * The hints for something that started at {@code at}: of {@code windows} (one host's rows, any
     * order), the notable ones that ended at or before {@code at} and after {@code at - lookbackMs}, one
     * per template (its strongest window), strongest first, at most {@link #MAX}.
     */
    public static List<String> describe(long at, Iterable<TemplateWindow> windows, long lookbackMs) {
        Map<String, TemplateWindow> strongest = new HashMap<>();
        for (TemplateWindow w : windows) {
            if (!notable(w) || w.windowEnd() > at || w.windowEnd() <= at - lookbackMs) {
                continue;
            }
            String key = w.app() + '\u0000' + w.templateId();
            TemplateWindow seen = strongest.get(key);
            if (seen == null || STRONGEST.compare(w, seen) < 0) {
                strongest.put(key, w);
            }
        }
        List<TemplateWindow> ranked = new ArrayList<>(strongest.values());
        ranked.sort(STRONGEST);
        List<String> out = new ArrayList<>(Math.min(MAX, ranked.size()));
        for (int i = 0; i < Math.min(MAX, ranked.size()); i++) {
            out.add(text(ranked.get(i), at));
        }
        return out;
    }

    /** One hint: {@code [disk] kernel "EXT4-fs error ..." new: 20 lines in 10 min ending 5 min before}. */
    static String text(TemplateWindow w, long at) {
        String template = w.template().length() <= MAX_TEMPLATE_CHARS ? w.template()
                : w.template().substring(0, MAX_TEMPLATE_CHARS - 1) + '…';
        StringBuilder b = new StringBuilder().append('[').append(w.category()).append("] ").append(w.app())
                .append(" \"").append(template).append('"');
        boolean isNew = w.firstSeen() >= w.windowStart();
        if (isNew) {
            b.append(" new");
        }
        b.append(": ").append(w.count()).append(w.count() == 1 ? " line in " : " lines in ")
                .append(minutes(w.windowEnd() - w.windowStart())).append(" ending ");
        long before = at - w.windowEnd();
        b.append(before == 0 ? "as it started" : minutes(before) + " before");
        if (!isNew) {
            b.append(", usual ").append(String.format(java.util.Locale.ROOT, "%.1f", w.baseline()));
        }
        return b.toString();
    }
}
