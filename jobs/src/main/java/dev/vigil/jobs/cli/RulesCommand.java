package dev.vigil.jobs.cli;

import dev.vigil.sigma.FieldMapping;
import dev.vigil.sigma.SigmaLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil rules check DIR...}: loads and compiles every Sigma rule, one line per rule. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = {"Sigma rules. `vigil rules check PATH...` loads and compiles every rule under the paths",
            "and prints one line per rule: ok, or the precise error. Exit code 1 when any rule fails."})
public final class RulesCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "check")
    String action;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Rule files or folders.")
    List<Path> paths;

    @Option(names = "--field-mapping", paramLabel = "FILE", description = "Field mapping (default: the shipped one, see docs/rules.md).")
    Path fieldMapping;

    @Override
    public Integer call() throws Exception {
        if (!action.equals("check")) {
            throw new IllegalArgumentException("unknown action '" + action + "'; known: check");
        }
        FieldMapping mapping = fieldMapping == null ? FieldMapping.defaults() : FieldMapping.load(fieldMapping);
        SigmaLoader.Result result = SigmaLoader.load(paths, mapping);
        int failed = 0;
        for (SigmaLoader.Status s : result.statuses()) {
            System.out.println(s.line());
            if (!s.ok()) {
                failed++;
            }
        }
        System.out.printf("%d rules: %d detection, %d correlation loaded; %d failed%n", result.statuses().size(),
                result.detections().size(), result.correlations().size(), failed);
        return failed == 0 ? 0 : 1;
    }
}
