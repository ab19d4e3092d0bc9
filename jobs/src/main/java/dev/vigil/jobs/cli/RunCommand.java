package dev.vigil.jobs.cli;

import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.Wiring;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.runtime.LocalFlink;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil run}: the streaming job against Kafka on a local MiniCluster, until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the streaming job against Kafka on a local MiniCluster until interrupted.",
            "For a cluster, submit the jobs jar with `flink run` instead (see docs/operations.md)."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigMixin configMixin;

    @Override
    public Integer call() throws Exception {
        VigilConfig config = configMixin.load(List.of());
        StreamExecutionEnvironment env = LocalFlink.environment(config.get(VigilOptions.PARALLELISM),
                RuntimeExecutionMode.STREAMING, config.get(VigilOptions.CHECKPOINT_INTERVAL), Duration.ofSeconds(10),
                java.nio.file.Path.of(config.get(VigilOptions.CHECKPOINT_DIR)));
        new VigilJob(Wiring.kafka(config, null), Wiring.sinks(config, config.get(VigilOptions.HISTORY_PATH)), config, true).build(env);
        env.execute("vigil");
        return 0;
    }
}
