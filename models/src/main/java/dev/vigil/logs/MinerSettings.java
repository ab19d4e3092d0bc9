package dev.vigil.logs;

import com.google.re2j.Pattern;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the {@link TemplateMiner}: one configuration for every system.
 *
 * @param prefixTokens  leading tokens that route a line through the parse tree (after its token count)
 * @param similarity    least share of a template's constant tokens a line must match to join it
 * @param maxChildren   children per tree node; further distinct tokens share a wildcard child
 * @param maxTemplates  templates kept; beyond it the least recently seen one is forgotten (bounded memory)
 * @param maxTokens     tokens per line considered; the rest of a longer line becomes one wildcard
 * @param maxIdHistory  former ids a template remembers after it generalised
 * @param variants      templates differing only in the same constant words that make those words values
 * @param masks         extra RE2/J regexes whose matches become {@code <*>}, applied in order before the built-in masks
 */
public record MinerSettings(int prefixTokens, double similarity, int maxChildren, int maxTemplates, int maxTokens,
                            int maxIdHistory, int variants, List<String> masks) implements java.io.Serializable {
    private static final int FORMAT = 1;

    public MinerSettings {
        if (prefixTokens < 0 || similarity <= 0 || similarity > 1 || maxChildren < 1 || maxTemplates < 1 || maxTokens < 2 || maxIdHistory < 0 || variants < 2) {
            throw new IllegalArgumentException("miner settings out of range: prefix-tokens " + prefixTokens + ", similarity " + similarity
                    + ", max-children " + maxChildren + ", max-templates " + maxTemplates + ", max-tokens " + maxTokens + ", variants " + variants);
        }
        masks = List.copyOf(masks);
        for (String m : masks) {
            Pattern.compile(m); // fail at configuration time, naming the regex
        }
    }

    /** The defaults used by the job and by {@code vigil eval loghub}. */
    public static MinerSettings defaults() {
        return new MinerSettings(2, 0.5, 100, 10_000, 128, 8, 4, List.of());
    }

    public MinerSettings withMasks(List<String> newMasks) {
        return new MinerSettings(prefixTokens, similarity, maxChildren, maxTemplates, maxTokens, maxIdHistory, variants, newMasks);
    }

    public MinerSettings withMaxTemplates(int n) {
        return new MinerSettings(prefixTokens, similarity, maxChildren, n, maxTokens, maxIdHistory, variants, masks);
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(prefixTokens);
        out.writeDouble(similarity);
        out.writeInt(maxChildren);
        out.writeInt(maxTemplates);
        out.writeInt(maxTokens);
        out.writeInt(maxIdHistory);
        out.writeInt(variants);
        out.writeInt(masks.size());
        for (String m : masks) {
            out.writeUTF(m);
        }
    }

    static MinerSettings read(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("template miner state format " + format + " is not " + FORMAT);
        }
        int prefix = in.readInt();
        double sim = in.readDouble();
        int children = in.readInt();
        int templates = in.readInt();
        int tokens = in.readInt();
        int history = in.readInt();
        int variants = in.readInt();
        int n = in.readInt();
        List<String> masks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            masks.add(in.readUTF());
        }
        return new MinerSettings(prefix, sim, children, templates, tokens, history, variants, masks);
    }
}
