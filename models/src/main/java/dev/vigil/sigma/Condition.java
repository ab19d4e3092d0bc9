package dev.vigil.sigma;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled Sigma condition: {@code and}, {@code or}, {@code not}, parentheses, identifiers,
 * {@code 1 of X*}, {@code all of X*}, {@code 1 of them}, {@code all of them}. Identifier patterns use
 * {@code *} as wildcard; {@code them} means every identifier not starting with an underscore.
 */
public interface Condition extends Serializable {
    boolean eval(SigmaEvent e);

    record Ref(String name, Selection selection) implements Condition {
        @Override
        public boolean eval(SigmaEvent e) {
            return selection.matches(e);
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean eval(SigmaEvent e) {
            return !inner.eval(e);
        }
    }

    record And(List<Condition> parts) implements Condition {
        @Override
        public boolean eval(SigmaEvent e) {
            for (Condition c : parts) {
                if (!c.eval(e)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(List<Condition> parts) implements Condition {
        @Override
        public boolean eval(SigmaEvent e) {
            for (Condition c : parts) {
                if (c.eval(e)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Parses a condition over the rule's named selections; errors say what is wrong, for the caller to prefix. */
    static Condition parse(String text, Map<String, Selection> selections) throws SigmaException {
        return new Parser(text, selections).parseAll();
    }

    /** A recursive-descent parser: or := and ("or" and)*; and := not ("and" not)*; not := "not" not | atom. */
    final class Parser {
        private final List<String> tokens = new ArrayList<>();
        private final Map<String, Selection> selections;
        private final String text;
        private int pos;

        Parser(String text, Map<String, Selection> selections) throws SigmaException {
            this.text = text;
            this.selections = selections;
            if (text.indexOf('|') >= 0) {
                throw new SigmaException("condition '" + text + "' uses an aggregation ('|'), which Sigma replaced by correlation rules");
            }
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else {
                    int j = i;
                    while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '(' && text.charAt(j) != ')') {
                        j++;
                    }
                    tokens.add(text.substring(i, j));
                    i = j;
                }
            }
        }

        Condition parseAll() throws SigmaException {
            if (tokens.isEmpty()) {
                throw new SigmaException("condition is empty");
            }
            Condition c = or();
            if (pos != tokens.size()) {
                throw new SigmaException("condition '" + text + "': unexpected '" + tokens.get(pos) + "'");
            }
            return c;
        }

        private Condition or() throws SigmaException {
            List<Condition> parts = new ArrayList<>(List.of(and()));
            while (peek("or")) {
                pos++;
                parts.add(and());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(parts);
        }

        private Condition and() throws SigmaException {
            List<Condition> parts = new ArrayList<>(List.of(not()));
            while (peek("and")) {
                pos++;
                parts.add(not());
            }
            return parts.size() == 1 ? parts.get(0) : new And(parts);
        }

        private Condition not() throws SigmaException {
            if (peek("not")) {
                pos++;
                return new Not(not());
            }
            return atom();
        }

        private Condition atom() throws SigmaException {
            if (pos >= tokens.size()) {
                throw new SigmaException("condition '" + text + "' ends too early");
            }
            String t = tokens.get(pos++);
            if (t.equals("(")) {
                Condition inner = or();
                if (!peek(")")) {
                    throw new SigmaException("condition '" + text + "': missing ')'");
                }
                pos++;
                return inner;
            }
            if ((t.equals("1") || t.equalsIgnoreCase("all") || t.equalsIgnoreCase("any")) && peek("of")) {
                pos++;
                if (pos >= tokens.size()) {
                    throw new SigmaException("condition '" + text + "': '" + t + " of' needs a name pattern or 'them'");
                }
                String pattern = tokens.get(pos++);
                List<Condition> matched = new ArrayList<>();
                for (Map.Entry<String, Selection> e : selections.entrySet()) {
                    boolean hit = pattern.equals("them") ? !e.getKey().startsWith("_") : globMatches(pattern, e.getKey());
                    if (hit) {
                        matched.add(new Ref(e.getKey(), e.getValue()));
                    }
                }
                if (matched.isEmpty()) {
                    throw new SigmaException("condition '" + text + "': '" + t + " of " + pattern + "' matches no detection identifier");
                }
                return t.equalsIgnoreCase("all") ? new And(matched) : new Or(matched);
            }
            if (t.equals(")") || t.equals("and") || t.equals("or") || t.equals("of")) {
                throw new SigmaException("condition '" + text + "': unexpected '" + t + "'");
            }
            if (t.matches("\\d+") && peek("of")) {
                throw new SigmaException("condition '" + text + "': '" + t + " of' is not Sigma (only '1 of' and 'all of')");
            }
            Selection s = selections.get(t);
            if (s == null) {
                throw new SigmaException("condition '" + text + "' refers to '" + t + "', which the detection does not define");
            }
            return new Ref(t, s);
        }

        private boolean peek(String token) {
            return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(token);
        }

        static boolean globMatches(String pattern, String name) {
            if (!pattern.contains("*")) {
                return pattern.equals(name);
            }
            String[] parts = pattern.split("\\*", -1);
            int at = 0;
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                if (i == 0) {
                    if (!name.startsWith(p)) {
                        return false;
                    }
                    at = p.length();
                } else if (i == parts.length - 1) {
                    return name.length() - p.length() >= at && name.endsWith(p);
                } else {
                    int idx = name.indexOf(p, at);
                    if (idx < 0) {
                        return false;
                    }
                    at = idx + p.length();
                }
            }
            return true;
        }
    }
}
