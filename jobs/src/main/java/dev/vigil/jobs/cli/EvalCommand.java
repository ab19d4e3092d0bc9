package dev.vigil.jobs.cli;

import picocli.CommandLine.Command;

/** {@code vigil eval}: evaluations against real data and ground truth. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluations: bruteforce (Vigil against fail2ban on real logs), scenarios (simulator ground truth), nab, forecast, loghub (template mining), fuzz (bad input at volume).",
        subcommands = {EvalBruteforceCommand.class, EvalScenariosCommand.class, EvalNabCommand.class, EvalForecastCommand.class,
            EvalLoghubCommand.class, EvalFuzzCommand.class, EvalAgentsCommand.class, EvalAlertsCommand.class})
public final class EvalCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
