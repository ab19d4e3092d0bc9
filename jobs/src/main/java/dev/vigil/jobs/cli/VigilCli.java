package dev.vigil.jobs.cli;

import dev.vigil.sql.SqlCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line: runs the job locally, replays files, simulates a fleet, queries history. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Stream analytics for infrastructure on Apache Flink.",
        subcommands = {DemoCommand.class, ReplayCommand.class, RunCommand.class, SimulateCommand.class, KafkaCommand.class,
            SqlCommand.class, AsofCommand.class, DiffCommand.class, BacktestCommand.class, HistoryCommand.class, OptionsCommand.class, BenchCommand.class, RulesCommand.class, EvalCommand.class, TrainCommand.class})
public final class VigilCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new VigilCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // Configuration and input errors are the user's to fix: say what, not a stack trace.
                    if (e instanceof IllegalArgumentException) {
                        cmd.getErr().println("vigil: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                })
                .execute(args);
        System.exit(code);
    }
}
