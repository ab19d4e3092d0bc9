package dev.vigil.forecast;

import java.util.List;

/**
 * A resource with a limit, as node_exporter publishes it: the metric of what is free, the metric of the
 * limit, the label that tells instances apart (mountpoint), and the alert raised when it will run out.
 */
public record Resource(String name, String freeMetric, String limitMetric, String keyLabel, String alertname)
        implements java.io.Serializable {
    /** The defaults: filesystem space and inodes per mount point, memory, swap. */
    public static final List<Resource> DEFAULTS = List.of(
            new Resource("filesystem", "node_filesystem_avail_bytes", "node_filesystem_size_bytes", "mountpoint", "FilesystemWillFill"),
            new Resource("inodes", "node_filesystem_files_free", "node_filesystem_files", "mountpoint", "FilesystemInodesWillRunOut"),
            new Resource("memory", "node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes", null, "MemoryWillRunOut"),
            new Resource("swap", "node_memory_SwapFree_bytes", "node_memory_SwapTotal_bytes", null, "SwapWillRunOut"));
}
