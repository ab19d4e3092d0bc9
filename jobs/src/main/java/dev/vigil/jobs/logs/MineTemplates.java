package dev.vigil.jobs.logs;

import dev.vigil.jobs.VigilTags;

import dev.vigil.logs.LogCategories;
import dev.vigil.logs.MinerSettings;
import dev.vigil.logs.TemplateMatch;
import dev.vigil.logs.TemplateMiner;
import dev.vigil.model.LogRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed by app: mines each log line's template ({@link TemplateMiner} in state), sends the line on with
 * its template id, and the sighting with the template's text and category to {@link VigilTags#TEMPLATE_SIGHTINGS}.
 */
public final class MineTemplates extends KeyedProcessFunction<String, LogRecord, LogRecord> {
    private static final long serialVersionUID = 1L;
    /** Categories are a pure function of the template text: cached, not checkpointed; cleared when this large. */
    private static final int CATEGORY_CACHE = 50_000;

    private final MinerSettings settings;
    /** A model file written by {@code vigil train log-categories}, or null for the bundled one. Bytes, so a cluster's task managers need no copy of the file. */
    private final byte[] categoryModel;
    private transient ValueState<TemplateMiner> miner;
    private transient LogCategories categories;
    private transient Map<String, String> categoryOf;

    /** With the bundled category model. */
    public MineTemplates(MinerSettings settings) {
        this(settings, null);
    }

    /** @param categoryModel the bytes of a category model file, or null for the bundled model */
    public MineTemplates(MinerSettings settings, byte[] categoryModel) {
        this.settings = settings;
        this.categoryModel = categoryModel == null ? null : categoryModel.clone();
    }

    @Override
    public void open(OpenContext context) {
        miner = getRuntimeContext().getState(LogState.MINER);
        categories = categoryModel == null ? LogCategories.bundled() : LogCategories.read(categoryModel, "logs.categories.model");
        categoryOf = new HashMap<>();
    }

    @Override
    public void processElement(LogRecord log, Context ctx, Collector<LogRecord> out) throws Exception {
        TemplateMiner m = miner.value();
        if (m == null || !m.settings().equals(settings)) {
            // New app, or settings changed since the checkpoint (masks, caps): mine afresh. Ids come from
            // template text, so templates that come out the same keep their ids.
            m = new TemplateMiner(settings);
        }
        TemplateMatch match = m.add(log.message());
        // on the heap backend the miner is updated in place; update() keeps other backends right
        miner.update(m);
        String category = categoryOf.get(match.template());
        if (category == null) {
            if (categoryOf.size() >= CATEGORY_CACHE) {
                categoryOf.clear();
            }
            category = categories.categorise(match.template());
            categoryOf.put(match.template(), category);
        }
        out.collect(log.withTemplateId(match.id()));
        ctx.output(VigilTags.TEMPLATE_SIGHTINGS,
                new TemplateSighting(log.time(), log.host(), ctx.getCurrentKey(), match.id(), match.template(), category));
    }

    /**
     * The masks of {@code logs.templates.masks-file}: one RE2/J regex per line, blank lines and lines
     * starting with '#' skipped. A regex that does not compile is refused with its file and line.
     */
    public static List<String> readMasks(Path file) throws IOException {
        List<String> masks = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                com.google.re2j.Pattern.compile(line);
            } catch (com.google.re2j.PatternSyntaxException e) {
                throw new IllegalArgumentException("logs.templates.masks-file " + file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
            masks.add(line);
        }
        return masks;
    }

    /** The key: the line's app, "-" when it names none. */
    public static final class ByApp implements KeySelector<LogRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(LogRecord log) {
            return log.app() == null ? "-" : log.app();
        }
    }
}
