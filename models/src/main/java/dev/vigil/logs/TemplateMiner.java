package dev.vigil.logs;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streaming log template miner: one pass, bounded memory, deterministic. A fixed-depth parse tree in
 * the spirit of Drain (He et al., ICWS 2017) routes each masked line by its token count and its first
 * {@link MinerSettings#prefixTokens()} tokens to a leaf; the line joins the leaf's most similar template
 * when enough of that template's tokens match, and generalises it where they differ, else starts a new
 * template. Differences from Drain: tokens are masked piecewise ({@link TokenMasks}), and two differing
 * tokens merge to their common punctuated prefix and suffix ({@code user=root} and {@code user=guest}
 * give {@code user=<*>}), so templates keep their keys and shape.
 *
 * <p>Template ids come from the template text ({@link TemplateIds}); a template that generalises gets a
 * new id and remembers its former ones, and two templates that become identical are one. Beyond
 * {@link MinerSettings#maxTemplates()} the least recently seen template is forgotten, so memory stays
 * bounded whatever the input. Not thread-safe: one miner per keyed state entry.
 */
public final class TemplateMiner {
    private static final int STATE_FORMAT = 1;
    private static final String WILDCARD = TokenMasks.WILDCARD;

    private final MinerSettings settings;
    private final RegexMasks masks;
    private final Node root = new Node(null, "");
    /** Access-ordered: the eldest entry is the least recently seen template. */
    private final LinkedHashMap<Long, Cluster> clusters = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, Cluster> byId = new HashMap<>();
    private final String[] lengthKeys;
    private final ArrayList<String> tokens = new ArrayList<>();
    private long nextSeq;
    private long lines;

    public TemplateMiner(MinerSettings settings) {
        this.settings = settings;
        this.masks = new RegexMasks(settings.masks());
        this.lengthKeys = new String[settings.maxTokens() + 1];
        for (int i = 0; i < lengthKeys.length; i++) {
            lengthKeys[i] = Integer.toString(i);
        }
    }

    public MinerSettings settings() {
        return settings;
    }

    /** Templates currently held. */
    public int size() {
        return clusters.size();
    }

    /** Lines seen since the miner started (across restores). */
    public long lines() {
        return lines;
    }

    /** Mines one message (the log line's content, without its header). */
    public TemplateMatch add(String message) {
        lines++;
        tokenize(premask(message));
        int n = tokens.size();
        Node leaf = search(n);
        Cluster best = leaf == null ? null : bestMatch(leaf.clusters, n);
        if (best == null) {
            return create(n);
        }
        if (wordsDiffer(best.tokens)) {
            // a constant word differs ("failure" and "failures", "bytes" and "values"): a variant of its own
            // until enough variants show that the position holds a value
            TemplateMatch created = create(n);
            return created.change() == TemplateMatch.Change.NEW ? foldVariants(leaf, best, created) : created;
        }
        clusters.get(best.seq); // touch: most recently seen
        best.count++;
        String before = best.id;
        if (!generalise(best)) {
            return new TemplateMatch(best.id, best.text, TemplateMatch.Change.SAME, List.of());
        }
        Cluster kept = resolveCollision(best);
        return new TemplateMatch(kept.id, kept.text, TemplateMatch.Change.GENERALISED, List.of(before));
    }

    private boolean wordsDiffer(String[] t) {
        for (int i = 0; i < t.length; i++) {
            if (wordDiff(t[i], tokens.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two tokens are different constant words ({@code failure;} and {@code failures;}, {@code bytes}
     * and {@code values}): neither holds a digit or a wildcard. A number or wildcard against a word is a value.
     */
    static boolean wordDiff(String a, String b) {
        return !a.equals(b) && !TokenMasks.isParameterLike(a) && !TokenMasks.isParameterLike(b);
    }

    /**
     * After a variant of {@code best} was created for the current line: when the leaf holds
     * {@link MinerSettings#variants()} templates that differ only in the words where the line differs from
     * {@code best}, those words are values, and the variants fold into {@code best}.
     */
    private TemplateMatch foldVariants(Node leaf, Cluster best, TemplateMatch created) {
        Cluster fresh = byId.get(created.id());
        String[] b = best.tokens;
        int n = b.length;
        List<Cluster> same = new ArrayList<>();
        Set<String> values = new HashSet<>();
        for (Cluster c : leaf.clusters) {
            if (c.tokens.length != n) {
                continue;
            }
            StringBuilder key = new StringBuilder();
            boolean variant = true;
            for (int i = 0; i < n && variant; i++) {
                String line = tokens.get(i);
                if (wordDiff(b[i], line)) {
                    key.append(c.tokens[i]).append('\u0000');
                } else if (!c.tokens[i].equals(b[i]) && !c.tokens[i].contains(WILDCARD) && !b[i].contains(WILDCARD)
                        && !c.tokens[i].equals(line)) {
                    variant = false;
                }
            }
            if (variant) {
                same.add(c);
                values.add(key.toString());
            }
        }
        if (values.size() < settings.variants() || !same.contains(best) || !same.contains(fresh)) {
            return created;
        }
        List<String> former = new ArrayList<>();
        former.add(best.id);
        String[] line = tokens.toArray(new String[n]);
        for (int i = 0; i < n; i++) {
            if (wordDiff(b[i], line[i])) {
                b[i] = mergeToken(b[i], line[i]);
            }
        }
        for (Cluster c : same) {
            if (c == best) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (!b[i].equals(c.tokens[i])) {
                    b[i] = mergeToken(b[i], c.tokens[i]);
                }
            }
            best.count += c.count;
            former.add(c.id);
            forget(c);
        }
        byId.remove(best.id);
        for (String f : former) {
            best.pushFormer(f, settings.maxIdHistory());
        }
        best.text = String.join(" ", b);
        best.id = TemplateIds.of(best.text);
        clusters.get(best.seq);
        Cluster kept = resolveCollision(best);
        return new TemplateMatch(kept.id, kept.text, TemplateMatch.Change.GENERALISED, former);
    }

    private void forget(Cluster c) {
        clusters.remove(c.seq);
        byId.remove(c.id);
        for (Node l : c.leaves) {
            l.remove(c);
            l.pruneIfEmpty();
        }
    }

    /** The template with this id, or with this id among its former ones; null when unknown or forgotten. */
    public String template(String id) {
        Cluster c = byId.get(id);
        if (c != null) {
            return c.text;
        }
        for (Cluster k : clusters.values()) {
            if (k.formerIds.contains(id)) {
                return k.text;
            }
        }
        return null;
    }

    /** Current templates, least recently seen first: id, text, lines and former ids. */
    public List<TemplateInfo> templates() {
        List<TemplateInfo> out = new ArrayList<>(clusters.size());
        for (Cluster c : clusters.values()) {
            out.add(new TemplateInfo(c.id, c.text, c.count, List.copyOf(c.formerIds)));
        }
        return out;
    }

    /** A template as {@link #templates()} lists it. */
    public record TemplateInfo(String id, String template, long lines, List<String> formerIds) {}

    private String premask(String message) {
        return masks.isEmpty() ? message : masks.apply(message);
    }

    private void tokenize(String s) {
        tokens.clear();
        int max = settings.maxTokens();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                if (tokens.size() == max - 1) {
                    tokens.add(WILDCARD); // the rest of an over-long line is one parameter
                    return;
                }
                String t = TokenMasks.mask(s.substring(start, i));
                if (t.equals(WILDCARD) && !tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(WILDCARD)) {
                    continue; // a run of parameters is one parameter: lists of any length share a template
                }
                tokens.add(t);
            }
        }
    }

    private String routeKey(String token) {
        return TokenMasks.isParameterLike(token) ? WILDCARD : token;
    }

    private Node search(int n) {
        Node node = root.child(lengthKeys[n]);
        int depth = Math.min(settings.prefixTokens(), n);
        for (int d = 0; d < depth && node != null; d++) {
            Node next = node.child(routeKey(tokens.get(d)));
            node = next != null ? next : node.child(WILDCARD);
        }
        return node;
    }

    private Node leafForNew(int n) {
        Node node = root.childOrCreate(lengthKeys[n]);
        int depth = Math.min(settings.prefixTokens(), n);
        for (int d = 0; d < depth; d++) {
            String key = routeKey(tokens.get(d));
            Node next = node.child(key);
            if (next == null) {
                boolean room = node.children == null || node.children.size() < settings.maxChildren() - (node.child(WILDCARD) == null ? 1 : 0);
                next = node.childOrCreate(room ? key : WILDCARD);
            }
            node = next;
        }
        return node;
    }

    private Cluster bestMatch(List<Cluster> candidates, int n) {
        if (candidates == null) {
            return null;
        }
        Cluster best = null;
        double bestSim = -1;
        int bestParams = -1;
        for (int c = 0; c < candidates.size(); c++) {
            Cluster k = candidates.get(c);
            String[] t = k.tokens;
            if (t.length != n) {
                continue;
            }
            int same = 0;
            int params = 0;
            for (int i = 0; i < n; i++) {
                String a = t[i];
                if (a.equals(WILDCARD)) {
                    params++;
                } else if (a.equals(tokens.get(i))) {
                    same++;
                }
            }
            double sim = (double) same / n;
            if (sim > bestSim || (sim == bestSim && params > bestParams)) {
                best = k;
                bestSim = sim;
                bestParams = params;
            }
        }
        return bestSim >= settings.similarity() ? best : null;
    }

    private TemplateMatch create(int n) {
        String[] t = tokens.toArray(new String[n]);
        String text = String.join(" ", t);
        String id = TemplateIds.of(text);
        Node leaf = leafForNew(n);
        Cluster existing = byId.get(id);
        if (existing != null) {
            // the same template text reached by another route: one template, reachable from both leaves
            leaf.add(existing);
            existing.leaves.add(leaf);
            existing.count++;
            clusters.get(existing.seq);
            return new TemplateMatch(existing.id, existing.text, TemplateMatch.Change.SAME, List.of());
        }
        Cluster c = new Cluster(nextSeq++, t, text, id);
        c.count = 1;
        c.leaves.add(leaf);
        leaf.add(c);
        clusters.put(c.seq, c);
        byId.put(id, c);
        evict();
        return new TemplateMatch(id, text, TemplateMatch.Change.NEW, List.of());
    }

    /** Merges the current line into the template; true when the template text changed. */
    private boolean generalise(Cluster c) {
        boolean changed = false;
        String[] t = c.tokens;
        for (int i = 0; i < t.length; i++) {
            String line = tokens.get(i);
            if (!t[i].equals(line)) {
                String merged = mergeToken(t[i], line);
                if (!merged.equals(t[i])) {
                    t[i] = merged;
                    changed = true;
                }
            }
        }
        if (changed) {
            byId.remove(c.id);
            c.pushFormer(c.id, settings.maxIdHistory());
            c.text = String.join(" ", t);
            c.id = TemplateIds.of(c.text);
        }
        return changed;
    }

    /** After {@code c} changed: if another template has the same text, fold {@code c} into it. */
    private Cluster resolveCollision(Cluster c) {
        Cluster other = byId.get(c.id);
        if (other == null) {
            byId.put(c.id, c);
            return c;
        }
        other.count += c.count;
        for (String f : c.formerIds) {
            other.pushFormer(f, settings.maxIdHistory());
        }
        for (Node leaf : c.leaves) {
            leaf.remove(c);
            if (!other.leaves.contains(leaf)) {
                leaf.add(other);
                other.leaves.add(leaf);
            }
        }
        clusters.remove(c.seq);
        clusters.get(other.seq);
        return other;
    }

    /**
     * Two differing tokens as one: the common prefix up to and including a punctuation mark, a wildcard,
     * and the common suffix from a punctuation mark on ({@code rhost=a} and {@code rhost=b} give
     * {@code rhost=<*>}); a plain wildcard when they share neither.
     */
    static String mergeToken(String a, String b) {
        if (a.equals(WILDCARD) || b.equals(WILDCARD)) {
            return WILDCARD;
        }
        int la = a.length();
        int lb = b.length();
        int w = WILDCARD.length();
        int p = 0;
        int prefix = 0;
        while (p < la && p < lb) {
            boolean wa = a.startsWith(WILDCARD, p);
            if (wa && b.startsWith(WILDCARD, p)) {
                p += w;
                prefix = p;
                continue;
            }
            if (wa || b.startsWith(WILDCARD, p) || a.charAt(p) != b.charAt(p)) {
                break;
            }
            if (TokenMasks.isDelimiter(a.charAt(p))) {
                prefix = p + 1;
            }
            p++;
        }
        int s = 0;
        int suffix = 0;
        while (s < la - prefix && s < lb - prefix) {
            boolean wa = s + w <= la - prefix && a.startsWith(WILDCARD, la - s - w);
            if (wa && s + w <= lb - prefix && b.startsWith(WILDCARD, lb - s - w)) {
                s += w;
                suffix = s;
                continue;
            }
            if (wa || a.charAt(la - 1 - s) != b.charAt(lb - 1 - s) || (s + w <= lb - prefix && b.startsWith(WILDCARD, lb - s - w))) {
                break;
            }
            if (TokenMasks.isDelimiter(a.charAt(la - 1 - s))) {
                suffix = s + 1;
            }
            s++;
        }
        if (prefix == 0 && suffix == 0) {
            return WILDCARD;
        }
        String head = a.substring(0, prefix);
        String tail = a.substring(la - suffix);
        if (head.endsWith(WILDCARD) || tail.startsWith(WILDCARD)) {
            return head + tail; // the differing middle joins the neighbouring wildcard
        }
        return head + WILDCARD + tail;
    }

    private void evict() {
        while (clusters.size() > settings.maxTemplates()) {
            Iterator<Map.Entry<Long, Cluster>> it = clusters.entrySet().iterator();
            Cluster eldest = it.next().getValue();
            forget(eldest);
        }
    }

    /** Writes the miner's state: settings, counters, then every template with its leaves' routes. */
    public void write(DataOutput out) throws IOException {
        settings.write(out);
        out.writeInt(STATE_FORMAT);
        out.writeLong(nextSeq);
        out.writeLong(lines);
        out.writeInt(clusters.size());
        for (Cluster c : clusters.values()) {
            out.writeLong(c.seq);
            out.writeLong(c.count);
            out.writeInt(c.tokens.length);
            for (String t : c.tokens) {
                out.writeUTF(t);
            }
            out.writeInt(c.formerIds.size());
            for (String f : c.formerIds) {
                out.writeUTF(f);
            }
            out.writeInt(c.leaves.size());
            for (Node leaf : c.leaves) {
                List<String> path = leaf.path();
                out.writeInt(path.size());
                for (String k : path) {
                    out.writeUTF(k);
                }
            }
        }
    }

    /** Reads a miner written by {@link #write}, with the settings it was written with. */
    public static TemplateMiner read(DataInput in) throws IOException {
        TemplateMiner m = new TemplateMiner(MinerSettings.read(in));
        int format = in.readInt();
        if (format != STATE_FORMAT) {
            throw new IOException("template miner state format " + format + " is not " + STATE_FORMAT);
        }
        m.nextSeq = in.readLong();
        m.lines = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long seq = in.readLong();
            long count = in.readLong();
            String[] t = new String[in.readInt()];
            for (int k = 0; k < t.length; k++) {
                t[k] = in.readUTF();
            }
            String text = String.join(" ", t);
            Cluster c = new Cluster(seq, t, text, TemplateIds.of(text));
            c.count = count;
            int formers = in.readInt();
            for (int k = 0; k < formers; k++) {
                c.formerIds.addLast(in.readUTF());
            }
            int leaves = in.readInt();
            for (int l = 0; l < leaves; l++) {
                Node node = m.root;
                int depth = in.readInt();
                for (int d = 0; d < depth; d++) {
                    node = node.childOrCreate(in.readUTF());
                }
                node.add(c);
                c.leaves.add(node);
            }
            m.clusters.put(seq, c);
            m.byId.put(c.id, c);
        }
        return m;
    }

    /** A parse-tree node; leaves hold templates. */
    private static final class Node {
        final Node parent;
        final String key;
        Map<String, Node> children;
        List<Cluster> clusters;

        Node(Node parent, String key) {
            this.parent = parent;
            this.key = key;
        }

        Node child(String k) {
            return children == null ? null : children.get(k);
        }

        Node childOrCreate(String k) {
            if (children == null) {
                children = new HashMap<>(4);
            }
            Node c = children.get(k);
            if (c == null) {
                c = new Node(this, k);
                children.put(k, c);
            }
            return c;
        }

        void add(Cluster c) {
            if (clusters == null) {
                clusters = new ArrayList<>(2);
            }
            clusters.add(c);
        }

        void remove(Cluster c) {
            if (clusters != null) {
                clusters.remove(c);
            }
        }

        void pruneIfEmpty() {
            Node n = this;
            while (n.parent != null && (n.clusters == null || n.clusters.isEmpty()) && (n.children == null || n.children.isEmpty())) {
                n.parent.children.remove(n.key);
                n = n.parent;
            }
        }

        List<String> path() {
            ArrayList<String> p = new ArrayList<>();
            for (Node n = this; n.parent != null; n = n.parent) {
                p.add(0, n.key);
            }
            return p;
        }
    }

    /** A template: its tokens (mutated as it generalises), text, id and former ids. */
    private static final class Cluster {
        final long seq;
        final String[] tokens;
        final ArrayDeque<String> formerIds = new ArrayDeque<>(2);
        final List<Node> leaves = new ArrayList<>(1);
        String text;
        String id;
        long count;

        Cluster(long seq, String[] tokens, String text, String id) {
            this.seq = seq;
            this.tokens = tokens;
            this.text = text;
            this.id = id;
        }

        void pushFormer(String former, int max) {
            if (max == 0 || formerIds.contains(former)) {
                return;
            }
            formerIds.addLast(former);
            while (formerIds.size() > max) {
                formerIds.removeFirst();
            }
        }
    }
}
