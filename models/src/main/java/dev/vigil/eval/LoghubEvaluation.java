package dev.vigil.eval;

import dev.vigil.logs.HeaderFormat;
import dev.vigil.logs.MinerSettings;
import dev.vigil.logs.TemplateMatch;
import dev.vigil.logs.TemplateMiner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the {@link TemplateMiner} over one Loghub system as the benchmark does: each raw line's header
 * split off by the system's format, the system's masking regexes applied, one pass in file order; each
 * line is then scored with the final text of the template it joined (what a batch parser reports).
 */
public final class LoghubEvaluation {
    private LoghubEvaluation() {}

    /**
     * One system's result.
     *
     * @param unmatchedHeaders lines whose header did not fit the format (mined whole, as a user's job would)
     * @param linesPerSecond   mining throughput on one thread with the system's masking regexes, header split excluded
     * @param builtInLinesPerSecond the same with the built-in masks only (the job's default: no configured regexes)
     */
    public record Result(String system, int lines, int templates, int unmatchedHeaders, LoghubMetrics.Scores scores, double linesPerSecond,
                         double builtInLinesPerSecond) {}

    public static Result run(LoghubCorpus.LogSystem system, MinerSettings settings, double minSeconds) throws IOException {
        List<String> raw = system.lines();
        List<String> truth = system.templates();
        if (truth.size() != raw.size()) {
            throw new IOException(system.labels() + " labels " + truth.size() + " lines but " + system.logFile() + " has " + raw.size());
        }
        HeaderFormat format = HeaderFormat.of(system.logFormat());
        List<String> contents = new ArrayList<>(raw.size());
        int unmatched = 0;
        for (String line : raw) {
            Optional<String> c = format.content(line);
            if (c.isEmpty()) {
                unmatched++;
            }
            contents.add(c.orElse(line));
        }
        MinerSettings s = settings.withMasks(system.masks());
        TemplateMiner miner = new TemplateMiner(s);
        List<String> ids = new ArrayList<>(contents.size());
        Map<String, String> renamed = new HashMap<>();
        for (String c : contents) {
            TemplateMatch m = miner.add(c);
            ids.add(m.id());
            for (String former : m.formerIds()) {
                renamed.put(former, m.id());
            }
        }
        Map<String, String> finalText = new HashMap<>();
        for (TemplateMiner.TemplateInfo t : miner.templates()) {
            finalText.put(t.id(), t.template());
        }
        List<String> predicted = new ArrayList<>(ids.size());
        for (String id : ids) {
            String cur = id;
            for (int hops = 0; renamed.containsKey(cur) && hops <= renamed.size(); hops++) {
                cur = renamed.get(cur);
            }
            predicted.add(finalText.getOrDefault(cur, cur));
        }
        LoghubMetrics.Scores scores = LoghubMetrics.score(truth, predicted);
        return new Result(system.name(), raw.size(), miner.size(), unmatched, scores, throughput(contents, s, minSeconds),
                throughput(contents, settings.withMasks(List.of()), minSeconds));
    }

    /**
     * Lines per second of fresh miners over the contents, repeated until {@code minSeconds} have passed,
     * after an untimed warm-up of half that (so the figure is the JIT-compiled steady state, not the
     * first system's compilation). Each pass starts cold: no templates, no cached tokens.
     */
    static double throughput(List<String> contents, MinerSettings settings, double minSeconds) {
        long warm = System.nanoTime() + (long) (minSeconds * 0.5e9);
        long sink = 0;
        do {
            TemplateMiner m = new TemplateMiner(settings);
            for (int i = 0; i < contents.size(); i++) {
                sink += m.add(contents.get(i)).id().length();
            }
        } while (System.nanoTime() < warm);
        long lines = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (minSeconds * 1e9);
        do {
            TemplateMiner m = new TemplateMiner(settings);
            for (int i = 0; i < contents.size(); i++) {
                sink += m.add(contents.get(i)).id().length();
            }
            lines += contents.size();
        } while (System.nanoTime() < deadline);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink == 0) {
            throw new IllegalStateException("no templates produced");
        }
        return lines / seconds;
    }
}
