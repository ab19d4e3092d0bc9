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
     * @param checkpointDir      where streaming checkpoints go (a file system folder); null in batch mode
     */
    public static StreamExecutionEnvironment environment(
            int parallelism, RuntimeExecutionMode mode, Duration checkpointInterval, Duration progressInterval, java.nio.file.Path checkpointDir) {
        Configuration conf = new Configuration();
        if (checkpointDir != null) {
            // On the file system, not in the JobManager's memory: detector and forecaster state (about
            // 157 KB per metric series) passes the memory storage's 5 MB limit with a few dozen series.
            conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toAbsolutePath().toUri().toString());
        }
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
