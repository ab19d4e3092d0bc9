package dev.vigil.jobs.cli;

import dev.vigil.model.Durations;
import dev.vigil.model.SqlText;
import dev.vigil.sql.TableDdl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code vigil history prune|compact}: retention by partition and small-file compaction of the history. */
@Command(name = "history", mixinStandardHelpOptions = true,
        subcommands = {HistoryCommand.Prune.class, HistoryCommand.Compact.class},
        description = {"Storage hygiene of the Parquet history:",
            "`vigil history prune --history DIR --older-than 90d`: delete whole days (dt= partitions) older than that;",
            "`vigil history compact --history DIR`: merge the part files of each closed hour into one file."})
public final class HistoryCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "name a subcommand: prune or compact");
    }

    /** Deletes the {@code dt=} partitions of every table whose whole day is older than the retention. */
    @Command(name = "prune", mixinStandardHelpOptions = true, description = "Delete days (dt= partitions) older than --older-than, in every table.")
    static final class Prune implements Callable<Integer> {
        @Option(names = "--history", required = true, description = "History folder.")
        Path history;

        @Option(names = "--older-than", required = true, description = "Retention, e.g. 90d.")
        String olderThan;

        @Option(names = "--dry-run", description = "Only list what would be deleted.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            List<Path> gone = prune(history, Durations.parse(olderThan, "--older-than"), Instant.now(), dryRun);
            for (Path p : gone) {
                System.out.println((dryRun ? "would delete " : "deleted ") + history.relativize(p));
            }
            System.out.println(gone.size() + " partition(s)" + (dryRun ? " to delete" : " deleted"));
            return 0;
        }
    }

    /**
     * The partitions {@code <table>/dt=YYYY-MM-DD} whose day ended before {@code now - retention},
     * deleted unless {@code dryRun}. A day is kept while any of it is within the retention.
     */
    public static List<Path> prune(Path history, Duration retention, Instant now, boolean dryRun) throws IOException {
        LocalDate keepFrom = now.minus(retention).atOffset(ZoneOffset.UTC).toLocalDate();
        List<Path> gone = new ArrayList<>();
        for (String table : TableDdl.TABLES) {
            Path dir = history.resolve(table);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> days = Files.list(dir)) {
                for (Path day : days.sorted().toList()) {
                    String name = day.getFileName().toString();
                    if (name.startsWith("dt=") && LocalDate.parse(name.substring(3)).isBefore(keepFrom)) {
                        gone.add(day);
                        if (!dryRun) {
                            Output.deleteTree(day);
                        }
                    }
                }
            }
        }
        return gone;
    }

    /** Merges the part files of each closed hour partition into one file. */
    @Command(name = "compact", mixinStandardHelpOptions = true,
            description = {"Merge the part files of each hour partition older than --min-age into one Parquet file.",
                "Run it on hours the job no longer writes (the default leaves the last 2 hours alone)."})
    static final class Compact implements Callable<Integer> {
        @Option(names = "--history", required = true, description = "History folder.")
        Path history;

        @Option(names = "--min-age", defaultValue = "2h", description = "Only hours that ended this long ago (default: ${DEFAULT-VALUE}).")
        String minAge;

        @Override
        public Integer call() throws Exception {
            int[] counts = compact(history, Instant.now().minus(Durations.parse(minAge, "--min-age")));
            System.out.println("compacted " + counts[0] + " hour partition(s): " + counts[1] + " files into " + counts[0]);
            return 0;
        }
    }

    /**
     * Compacts each {@code <table>/dt=/hour=} partition that ended before {@code before} and has more than
     * one part file: DuckDB writes their rows, in time order, to a hidden file that is then renamed into
     * place, and the old parts are deleted. A reader that lists the folder between the rename and the
     * deletes sees the rows twice, for that moment. Returns {partitions compacted, files merged}.
     */
    public static int[] compact(Path history, Instant before) throws Exception {
        int partitions = 0;
        int files = 0;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); java.sql.Statement q = c.createStatement()) {
            for (String table : TableDdl.TABLES) {
                Path dir = history.resolve(table);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<Path> hours;
                try (Stream<Path> s = Files.walk(dir, 2)) {
                    hours = s.filter(p -> p.getFileName().toString().startsWith("hour=")).sorted().toList();
                }
                for (Path hour : hours) {
                    String day = hour.getParent().getFileName().toString().substring(3);
                    Instant end = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant()
                            .plus(Duration.ofHours(Integer.parseInt(hour.getFileName().toString().substring(5)) + 1));
                    List<Path> parts;
                    try (Stream<Path> s = Files.list(hour)) {
                        parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."))
                                .sorted().toList();
                    }
                    if (!end.isBefore(before) || parts.size() < 2) {
                        continue;
                    }
                    StringBuilder list = new StringBuilder();
                    for (Path p : parts) {
                        list.append(list.length() == 0 ? "" : ", ").append(SqlText.quote(p.toAbsolutePath().toString()));
                    }
                    Path tmp = hour.resolve(".compacting.parquet.tmp");
                    q.execute("COPY (SELECT * FROM read_parquet([" + list + "], union_by_name = true) ORDER BY \"time\") TO "
                            + SqlText.quote(tmp.toAbsolutePath().toString()) + " (FORMAT PARQUET)");
                    Path target = hour.resolve("compacted-" + parts.size() + "-" + parts.get(0).getFileName());
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    for (Path p : parts) {
                        Files.delete(p);
                    }
                    partitions++;
                    files += parts.size();
                }
            }
        }
        return new int[] {partitions, files};
    }
}
