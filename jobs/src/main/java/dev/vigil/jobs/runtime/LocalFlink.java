package dev.vigil.jobs.runtime;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/** Local MiniCluster environments for the launcher: the same job as on a cluster, in this JVM. */
public final class LocalFlink {
    private LocalFlink() {}

    /**
     * @param checkpointInterval checkpoint interval in streaming mode (history files commit on checkpoints)
     * @param progressInterval   how often to print records read per second; null for never
     */
    public static StreamExecutionEnvironment environment(
            int parallelism, RuntimeExecutionMode mode, Duration checkpointInterval, Duration progressInterval) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        // Every type the job moves must have a Flink serializer: a Kryo fallback fails the build of the job.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Every record type of Vigil is immutable, so handing the same object to chained operators is safe
        // and saves a serializer copy per record.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // A local run reports its failure instead of restarting forever.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (progressInterval != null) {
            conf.setString("metrics.reporter.progress.factory.class", ProgressReporterFactory.class.getName());
            conf.setString("metrics.reporter.progress.interval", progressInterval.toMillis() + " ms");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        if (mode == RuntimeExecutionMode.STREAMING) {
            env.enableCheckpointing(checkpointInterval.toMillis());
        }
        return env;
    }
}
