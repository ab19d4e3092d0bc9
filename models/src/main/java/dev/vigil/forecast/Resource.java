package dev.vigil.forecast;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A resource with a limit, as node_exporter publishes it: the metric of what is free, the metric of the
 * limit, the label that tells instances apart (mountpoint; null for one per host), and the alert raised
 * when it will run out. Written in configuration as
 * {@code name:free_metric/limit_metric[@key_label]=AlertName}, comma-separated.
 */
public record Resource(String name, String freeMetric, String limitMetric, String keyLabel, String alertname)
        implements java.io.Serializable {
    /** The defaults: filesystem space and inodes per mount point, memory, swap. */
    public static final List<Resource> DEFAULTS = List.of(
            new Resource("filesystem", "node_filesystem_avail_bytes", "node_filesystem_size_bytes", "mountpoint", "FilesystemWillFill"),
            new Resource("inodes", "node_filesystem_files_free", "node_filesystem_files", "mountpoint", "FilesystemInodesWillRunOut"),
            new Resource("memory", "node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes", null, "MemoryWillRunOut"),
            new Resource("swap", "node_memory_SwapFree_bytes", "node_memory_SwapTotal_bytes", null, "SwapWillRunOut"));

    public Resource {
        for (String[] f : new String[][] {{"name", name}, {"free metric", freeMetric}, {"limit metric", limitMetric}, {"alert name", alertname}}) {
            if (f[1] == null || f[1].isBlank() || !f[1].matches("[A-Za-z_:][A-Za-z0-9_:]*")) {
                throw new IllegalArgumentException("resource " + f[0] + " '" + f[1] + "' must be a Prometheus-style name");
            }
        }
    }

    /** The configuration form of one resource. */
    public String spec() {
        return name + ":" + freeMetric + "/" + limitMetric + (keyLabel == null ? "" : "@" + keyLabel) + "=" + alertname;
    }

    public static String format(List<Resource> resources) {
        StringBuilder b = new StringBuilder();
        for (Resource r : resources) {
            b.append(b.length() == 0 ? "" : ", ").append(r.spec());
        }
        return b.toString();
    }

    /** Parses the configuration form; an error names the entry and what is wrong with it. */
    public static List<Resource> parse(String specs) {
        List<Resource> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> metrics = new HashSet<>();
        for (String raw : specs.split(",")) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue;
            }
            int colon = spec.indexOf(':');
            int slash = spec.indexOf('/');
            int eq = spec.lastIndexOf('=');
            if (colon <= 0 || slash < colon || eq < slash) {
                throw new IllegalArgumentException("resource '" + spec + "' must read name:free_metric/limit_metric[@label]=AlertName");
            }
            String limitPart = spec.substring(slash + 1, eq);
            int at = limitPart.indexOf('@');
            Resource r;
            try {
                r = new Resource(spec.substring(0, colon), spec.substring(colon + 1, slash), at < 0 ? limitPart : limitPart.substring(0, at),
                        at < 0 ? null : limitPart.substring(at + 1), spec.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("resource '" + spec + "': " + e.getMessage(), e);
            }
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("resource '" + spec + "': the name " + r.name() + " is used twice");
            }
            if (!metrics.add(r.freeMetric()) || !metrics.add(r.limitMetric())) {
                throw new IllegalArgumentException("resource '" + spec + "': a metric may belong to one resource only");
            }
            out.add(r);
        }
        return List.copyOf(out);
    }
}
