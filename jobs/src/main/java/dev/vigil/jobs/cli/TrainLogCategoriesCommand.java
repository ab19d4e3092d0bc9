package dev.vigil.jobs.cli;

import dev.vigil.logs.LogCategories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil train log-categories}: trains the Tribuo classifier behind the category of log templates
 * on the bundled labelled set, plus a site's own labelled templates, and writes it for
 * {@code logs.categories.model}; the bundled model is this command's output with its defaults.
 */
@Command(name = "log-categories", mixinStandardHelpOptions = true,
        description = {"Train the log-template category model (Tribuo logistic regression over words and word pairs)",
            "on the bundled labelled templates plus those of --labelled, print its held-out precision and",
            "recall per category, and write it (Tribuo's protobuf format, with its provenance)."})
public final class TrainLogCategoriesCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Model file to write; the job reads it with logs.categories.model.")
    Path out;

    @Option(names = "--labelled", paramLabel = "CSV", description = "More labelled templates: CSV with header category,template (repeatable).")
    List<Path> labelled = new ArrayList<>();

    @Option(names = "--without-bundled", description = "Train on the --labelled files only, not the bundled set.")
    boolean withoutBundled;

    @Override
    public Integer call() throws Exception {
        List<LogCategories.Labelled> rows = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        if (!withoutBundled) {
            rows.addAll(LogCategories.labelled());
            sources.add(LogCategories.LABELLED);
        }
        for (Path csv : labelled) {
            rows.addAll(LogCategories.labelled(csv));
            sources.add(csv.getFileName().toString());
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no labelled templates: give --labelled CSV or drop --without-bundled");
        }
        String source = String.join(" + ", sources);
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "%-9s %6s %6s %9s %7s%n", "held out", "truth", "right", "precision", "recall");
        int truth = 0;
        int right = 0;
        for (LogCategories.CategoryScore s : LogCategories.heldOutScores(rows, source)) {
            System.out.printf(Locale.ROOT, "%-9s %6d %6d %9.2f %7.2f%n", s.category(), s.truth(), s.right(), s.precision(), s.recall());
            truth += s.truth();
            right += s.right();
        }
        LogCategories model = LogCategories.train(rows, source, false);
        model.write(out);
        System.out.printf(Locale.ROOT, "held out: %d of %d right (every 4th row; the written model is trained on all %d)%n", right, truth, rows.size());
        System.out.printf(Locale.ROOT, "wrote %s (provenance %s) in %.1f s%n", out, model.provenanceHash(), (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
