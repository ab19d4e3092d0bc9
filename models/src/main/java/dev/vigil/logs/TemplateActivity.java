package dev.vigil.logs;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one host's log templates did: counts per template and window, each template's baseline rate,
 * and from them new templates, rate jumps of error templates and the templates that changed most.
 * Windows are closed by the caller in time order ({@link #close}); memory is bounded by
 * {@link Settings#maxTemplates()} and templates idle longer than {@link Settings#idleMs()} are forgotten.
 */
public final class TemplateActivity {
    private static final int STATE_FORMAT = 1;

    /**
     * @param windowMs      window length
     * @param newAfterMs    templates count as new only once the host has been watched this long (else every template is new at start)
     * @param jumpFactor    a rate jump is a window with at least this many times the baseline ...
     * @param jumpMinCount  ... and at least this many lines
     * @param alpha         weight of the latest window in the baseline
     * @param maxTemplates  templates remembered per host
     * @param idleMs        a template unseen this long is forgotten
     */
    public record Settings(long windowMs, long newAfterMs, double jumpFactor, long jumpMinCount, double alpha, int maxTemplates, long idleMs)
            implements java.io.Serializable {
        public static Settings defaults() {
            return new Settings(600_000L, 3_600_000L, 5.0, 5, 0.1, 2_000, 7 * 86_400_000L);
        }
    }

    /** The error categories whose rate jumps are anomalies. */
    public static boolean isError(String category) {
        return !"other".equals(category) && !"auth".equals(category) && category != null;
    }

    private final Settings settings;
    /** Access-ordered by sighting: the eldest is the least recently seen. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long watchedSince = Long.MIN_VALUE;

    public TemplateActivity(Settings settings) {
        this.settings = settings;
    }

    public int size() {
        return entries.size();
    }

    /** Counts one line; returns the anomaly when its template is new on this host and app, else null. */
    public LogAnomaly observe(long time, String host, String app, String templateId, String template, String category) {
        if (watchedSince == Long.MIN_VALUE || time < watchedSince) {
            watchedSince = time;
        }
        String key = app + '\u0000' + templateId;
        Entry e = entries.get(key);
        boolean isNew = e == null;
        if (isNew) {
            e = new Entry(app, templateId, template, category, time);
            entries.put(key, e);
            evict();
        }
        e.template = template;
        e.category = category;
        e.lastSeen = Math.max(e.lastSeen, time);
        e.add(windowStart(time));
        if (isNew && time - watchedSince >= settings.newAfterMs()) {
            return new LogAnomaly(time, host, app, templateId, template, category, LogAnomaly.NEW, 1, 0, 0);
        }
        return null;
    }

    public long windowStart(long time) {
        return Math.floorDiv(time, settings.windowMs()) * settings.windowMs();
    }

    /** The result of closing a window. */
    public record Closed(List<TemplateWindow> rows, List<LogAnomaly> anomalies) {}

    /**
     * Closes the window starting at {@code start}: a row per template seen in it, a rate-jump anomaly per
     * error template far above its baseline; baselines then take the window in (zero for templates not seen).
     */
    public Closed close(String host, long start) {
        long end = start + settings.windowMs();
        List<TemplateWindow> rows = new ArrayList<>();
        List<LogAnomaly> anomalies = new ArrayList<>();
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            long c = e.take(start);
            if (c == 0 && e.lastSeen < end - settings.idleMs()) {
                it.remove();
                continue;
            }
            double change = (c - e.baseline) / Math.sqrt(e.baseline + 1);
            if (c > 0) {
                rows.add(new TemplateWindow(start, end, host, e.app, e.templateId, e.template, e.category, e.firstSeen, e.lastSeen, c, e.baseline, change));
                if (e.windows > 0 && isError(e.category) && c >= settings.jumpMinCount() && c >= settings.jumpFactor() * Math.max(e.baseline, 0.5)) {
                    anomalies.add(new LogAnomaly(end - 1, host, e.app, e.templateId, e.template, e.category, LogAnomaly.RATE_JUMP, c, e.baseline, change));
                }
            }
            if (e.firstSeen < end) {
                e.baseline = e.windows == 0 ? c : settings.alpha() * c + (1 - settings.alpha()) * e.baseline;
                e.windows++;
            }
        }
        return new Closed(rows, anomalies);
    }

    /** Window starts with uncounted lines, oldest first. */
    public List<Long> openWindows() {
        java.util.TreeSet<Long> starts = new java.util.TreeSet<>();
        for (Entry e : entries.values()) {
            starts.addAll(e.counts.keySet());
        }
        return new ArrayList<>(starts);
    }

    private void evict() {
        while (entries.size() > settings.maxTemplates()) {
            Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
            it.next();
            it.remove();
        }
    }

    public Settings settings() {
        return settings;
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(STATE_FORMAT);
        out.writeLong(settings.windowMs());
        out.writeLong(settings.newAfterMs());
        out.writeDouble(settings.jumpFactor());
        out.writeLong(settings.jumpMinCount());
        out.writeDouble(settings.alpha());
        out.writeInt(settings.maxTemplates());
        out.writeLong(settings.idleMs());
        out.writeLong(watchedSince);
        out.writeInt(entries.size());
        for (Entry e : entries.values()) {
            out.writeUTF(e.app);
            out.writeUTF(e.templateId);
            out.writeUTF(e.template);
            out.writeUTF(e.category);
            out.writeLong(e.firstSeen);
            out.writeLong(e.lastSeen);
            out.writeDouble(e.baseline);
            out.writeInt(e.windows);
            out.writeInt(e.counts.size());
            for (Map.Entry<Long, long[]> c : e.counts.entrySet()) {
                out.writeLong(c.getKey());
                out.writeLong(c.getValue()[0]);
            }
        }
    }

    /** Reads what {@link #write} wrote, settings included. */
    public static TemplateActivity read(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("template activity state format " + format + " is not " + STATE_FORMAT);
        }
        TemplateActivity a = new TemplateActivity(new Settings(in.readLong(), in.readLong(), in.readDouble(), in.readLong(),
                in.readDouble(), in.readInt(), in.readLong()));
        a.watchedSince = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Entry e = new Entry(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
            e.lastSeen = in.readLong();
            e.baseline = in.readDouble();
            e.windows = in.readInt();
            int windows = in.readInt();
            for (int k = 0; k < windows; k++) {
                e.counts.put(in.readLong(), new long[] {in.readLong()});
            }
            a.entries.put(e.app + '\u0000' + e.templateId, e);
        }
        return a;
    }

    private static final class Entry {
        final String app;
        final String templateId;
        final long firstSeen;
        String template;
        String category;
        long lastSeen;
        double baseline;
        int windows;
        /** Lines per open window start; one or two entries in practice. */
        final java.util.TreeMap<Long, long[]> counts = new java.util.TreeMap<>();

        Entry(String app, String templateId, String template, String category, long firstSeen) {
            this.app = app;
            this.templateId = templateId;
            this.template = template;
            this.category = category;
            this.firstSeen = firstSeen;
            this.lastSeen = firstSeen;
        }

        void add(long window) {
            long[] c = counts.get(window);
            if (c == null) {
                counts.put(window, new long[] {1});
            } else {
                c[0]++;
            }
        }

        /** Lines of the window, and of earlier windows that were closed before they arrived (late lines). */
        long take(long window) {
            long sum = 0;
            Iterator<Map.Entry<Long, long[]>> it = counts.headMap(window, true).entrySet().iterator();
            while (it.hasNext()) {
                sum += it.next().getValue()[0];
                it.remove();
            }
            return sum;
        }
    }
}
