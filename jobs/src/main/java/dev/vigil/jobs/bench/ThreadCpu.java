package dev.vigil.jobs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM's threads, grouped by name, sampled while a local job runs. Flink names each task
 * thread after its chain of operators ("anomaly detection -> history: anomalies: Writer (1/2)#0"), so the
 * groups are the job's stages as they run, chained. A thread that ends between two samples loses at most
 * one interval of CPU; the interval is short against a benchmark's length.
 */
final class ThreadCpu implements AutoCloseable {
    /** The subtask suffix Flink appends: " (1/2)#0". */
    private static final Pattern SUBTASK = Pattern.compile(" \\(\\d+/\\d+\\)(#\\d+)?$");
    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> baseline = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    ThreadCpu(long intervalMs) {
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                baseline.put(id, cpu);
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "vigil-bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private synchronized void sample() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                names.put(info.getThreadId(), info.getThreadName());
                last.put(info.getThreadId(), cpu);
            }
        }
    }

    /** Stops sampling; returns CPU seconds per thread group since this sampler started, largest first. */
    synchronized Map<String, Double> stop() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(5_000);
        sample();
        Map<String, Double> groups = new TreeMap<>();
        for (Map.Entry<Long, Long> e : last.entrySet()) {
            double seconds = (e.getValue() - baseline.getOrDefault(e.getKey(), 0L)) / 1e9;
            if (seconds > 0) {
                groups.merge(group(names.get(e.getKey())), seconds, Double::sum);
            }
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** A thread's group: its name without Flink's subtask suffix and, for pools, without numbers. */
    static String group(String name) {
        String task = SUBTASK.matcher(name).replaceFirst("");
        if (!task.equals(name)) {
            return task;
        }
        return NUMBERS.matcher(name).replaceAll("#");
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }
}
