package dev.vigil.simulate;

import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FleetSimulatorTest {
    private static final SimulatorConfig CONFIG =
            new SimulatorConfig(3, SimulatorConfig.DEFAULT_START, Duration.ofHours(4), Duration.ofSeconds(60), 42);

    private static List<SimRecord> run(SimulatorConfig config) {
        List<SimRecord> all = new ArrayList<>();
        new FleetSimulator(config).run(all::add);
        return all;
    }

    @Test
    void sameSeedGivesSameRecordsAndAnotherSeedDiffers() {
        List<SimRecord> a = run(CONFIG);
        assertThat(run(CONFIG)).isEqualTo(a);
        assertThat(run(new SimulatorConfig(3, CONFIG.start(), CONFIG.duration(), CONFIG.step(), 43))).isNotEqualTo(a);
    }

    @Test
    void recordsAreInTimeOrderAndInsideTheRun() {
        List<SimRecord> all = run(CONFIG);
        long start = CONFIG.start().toEpochMilli();
        long end = start + CONFIG.duration().toMillis() + CONFIG.step().toMillis() + 60_000;
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).time()).isGreaterThanOrEqualTo(all.get(i - 1).time());
        }
        assertThat(all).allSatisfy(r -> assertThat(r.time()).isBetween(start, end));
    }

    @Test
    void everyRecordDecodesAndEveryScenarioLeavesEvidence() {
        FleetSimulator sim = new FleetSimulator(CONFIG);
        RecordDecoder decoder = new RecordDecoder(Decoders.create("auto", DecoderOptions.defaults().withYear(2026)), "all", 1 << 18);
        CollectingOutput out = new CollectingOutput();
        long[] n = {0};
        sim.run(r -> decoder.decode(r.text().getBytes(StandardCharsets.UTF_8), r.stream(), null, ++n[0], r.time(), out));
        assertThat(out.deadLetters).isEmpty();
        // 240 steps x 3 hosts x 11 series
        assertThat(out.metrics).hasSize(240 * 3 * 11);
        assertThat(sim.scenarios()).extracting(Scenario::kind).containsExactlyInAnyOrder(
                "ssh_brute_force_success", "password_spraying", "sudo_root_new_user", "port_scan",
                "outbound_transfer_spike", "disk_filling", "memory_leak_oom", "crash_loop");
        Set<String> actions = out.security.stream().map(SecurityEvent::action).collect(Collectors.toSet());
        assertThat(actions).contains("auth_failure", "auth_success", "invalid_user", "sudo", "user_added",
                "firewall_drop", "oom_kill", "unit_failed", "unit_restarted", "password_changed");
        Scenario brute = sim.scenarios().stream().filter(s -> s.kind().equals("ssh_brute_force_success")).findFirst().orElseThrow();
        assertThat(out.security).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("auth_success");
            assertThat(e.sourceIp()).isEqualTo(brute.sourceIp());
            assertThat(e.host()).isEqualTo(brute.host());
        });
        Scenario disk = sim.scenarios().stream().filter(s -> s.kind().equals("disk_filling")).findFirst().orElseThrow();
        double minAvail = out.metrics.stream()
                .filter(m -> m.host().equals(disk.host()) && m.name().equals("node_filesystem_avail_bytes")
                        && "/".equals(m.labels().get("mountpoint")))
                .mapToDouble(m -> m.value()).min().orElseThrow();
        assertThat(minAvail).isLessThan(50.0 * (1L << 30) * 0.02);
    }
}
