package dev.vigil.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class LivelyFleetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LivelyFleet fleet;
    /** host|metric|mountpoint to time-ordered (time, value). */
    private static final Map<String, TreeMap<Long, Double>> SERIES = new HashMap<>();
    private static final List<String> LINES = new ArrayList<>();

    @BeforeAll
    static void generate() {
        fleet = new LivelyFleet(LivelyFleet.Config.of(3, 3, 11));
        fleet.run(line -> {
            LINES.add(line);
            try {
                JsonNode n = JSON.readTree(line);
                String host = n.path("labels").path("instance").asText().replace(":9100", "");
                String key = host + "|" + n.path("name").asText() + "|" + n.path("labels").path("mountpoint").asText("");
                SERIES.computeIfAbsent(key, k -> new TreeMap<>())
                        .put(Instant.parse(n.path("timestamp").asText()).toEpochMilli(), n.path("value").asDouble());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static TreeMap<Long, Double> series(String host, String metric, String mount) {
        return SERIES.get(host + "|" + metric + "|" + mount);
    }

    private static Problem problem(Problem.Kind kind) {
        return fleet.problems().stream().filter(p -> p.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void theSameSeedGivesTheSameRecords() {
        List<String> again = new ArrayList<>();
        new LivelyFleet(LivelyFleet.Config.of(3, 3, 11)).run(again::add);
        assertThat(again).isEqualTo(LINES);
        List<String> other = new ArrayList<>();
        new LivelyFleet(LivelyFleet.Config.of(3, 3, 12)).run(other::add);
        assertThat(other).isNotEqualTo(LINES);
    }

    @Test
    void healthyHostsHaveHourlyCronSpikesNightlyBackupsAndDailyRestarts() {
        TreeMap<Long, Double> cpu = series("node-2", "instance:node_cpu_utilisation:rate5m", "");
        long start = SimulatorConfig.DEFAULT_START.toEpochMilli();
        int hoursWithSpike = 0;
        for (int h = 0; h < 72; h++) {
            var hour = cpu.subMap(start + h * 3_600_000L, start + (h + 1) * 3_600_000L).values();
            double max = hour.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double median = hour.stream().sorted().skip(hour.size() / 2).findFirst().orElse(0.0);
            hoursWithSpike += max - median > 0.25 ? 1 : 0;
        }
        assertThat(hoursWithSpike).as("hours with a cron spike").isGreaterThanOrEqualTo(70);
        // The app restarts daily: its memory falls by a third or more from one minute to the next, about once a day.
        TreeMap<Long, Double> rss = series("node-2", "process_resident_memory_bytes", "");
        int drops = 0;
        Double prev = null;
        for (double v : rss.values()) {
            drops += prev != null && v < prev * 0.66 ? 1 : 0;
            prev = v;
        }
        assertThat(drops).isBetween(3, 4);
        // The nightly backup lands on /data and is pruned: /data's free space both falls and rises by 20 GiB or more in a day.
        TreeMap<Long, Double> data = series("node-2", "node_filesystem_avail_bytes", "/data");
        double day2Min = data.subMap(start + 86_400_000L, start + 2 * 86_400_000L).values().stream().mapToDouble(d -> d).min().orElseThrow();
        double day2Max = data.subMap(start + 86_400_000L, start + 2 * 86_400_000L).values().stream().mapToDouble(d -> d).max().orElseThrow();
        assertThat(day2Max - day2Min).isGreaterThan(20.0 * (1L << 30));
    }

    @Test
    void oneHostRebootsItsCountersAndOneGoesMissingForTenMinutes() {
        TreeMap<Long, Double> tx = series("node-1", "node_network_transmit_bytes_total", "");
        long resets = 0;
        Double prev = null;
        for (double v : tx.values()) {
            resets += prev != null && v < prev ? 1 : 0;
            prev = v;
        }
        assertThat(resets).isEqualTo(1);
        TreeMap<Long, Double> cpu = series("node-3", "instance:node_cpu_utilisation:rate5m", "");
        long longestGap = 0;
        Long last = null;
        for (long t : cpu.keySet()) {
            longestGap = last == null ? 0 : Math.max(longestGap, t - last);
            last = t;
        }
        assertThat(longestGap).isEqualTo(11 * 60_000L);
    }

    @Test
    void eachProblemShowsOnItsHost() {
        Problem cpu = problem(Problem.Kind.RUNAWAY_CPU);
        assertThat(series(cpu.host(), "instance:node_cpu_utilisation:rate5m", "").tailMap(cpu.start()).values()).allMatch(v -> v >= 0.97);
        Problem stops = problem(Problem.Kind.STOPS_REPORTING);
        assertThat(series(stops.host(), "process_resident_memory_bytes", "").lastKey()).isLessThan(stops.start());
        assertThat(series(stops.host(), "node_load1", "").lastKey()).isGreaterThan(stops.start());
        Problem fast = problem(Problem.Kind.FAST_DISK_FILL);
        assertThat(series(fast.host(), "node_filesystem_avail_bytes", "/").floorEntry(fast.deadline()).getValue()).isLessThan(1e9);
        Problem mem = problem(Problem.Kind.MEMORY_EXHAUSTION);
        TreeMap<Long, Double> avail = series(mem.host(), "node_memory_MemAvailable_bytes", "");
        assertThat(avail.floorEntry(mem.deadline()).getValue()).isLessThan(0.05 * series(mem.host(), "node_memory_MemTotal_bytes", "").firstEntry().getValue());
        Problem leak = problem(Problem.Kind.LEAK_NO_RESTARTS);
        TreeMap<Long, Double> rss = series(leak.host(), "process_resident_memory_bytes", "");
        assertThat(rss.floorEntry(leak.deadline()).getValue()).isGreaterThan(3 * rss.ceilingEntry(leak.start()).getValue());
        Problem latency = problem(Problem.Kind.LATENCY_SHIFT);
        TreeMap<Long, Double> p99 = series(latency.host(), "service:http_request_duration_seconds:p99", "");
        double before = p99.headMap(latency.start()).values().stream().sorted().skip(p99.headMap(latency.start()).size() / 2).findFirst().orElseThrow();
        double after = p99.tailMap(latency.start()).values().stream().sorted().skip(p99.tailMap(latency.start()).size() / 2).findFirst().orElseThrow();
        assertThat(after / before).isBetween(3.0, 4.0);
        assertThat(fleet.problems()).allSatisfy(p -> assertThat(p.start()).isGreaterThanOrEqualTo(SimulatorConfig.DEFAULT_START.toEpochMilli() + 18 * 3_600_000L));
    }
}
