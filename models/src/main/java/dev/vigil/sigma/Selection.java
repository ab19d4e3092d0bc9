package dev.vigil.sigma;

import java.io.Serializable;
import java.util.List;

/**
 * A named detection item (a "search identifier"): a map of field conditions (all must hold), a list of
 * such maps (any), or keywords searched in the message.
 */
public interface Selection extends Serializable {
    boolean matches(SigmaEvent e);

    /** One field of a map: its values (any, or all with {@code |all}), or null/exists tests. */
    record FieldTest(String field, List<ValueMatcher> values, boolean all, Boolean exists, boolean expectNull, boolean lowerOnce)
            implements Serializable {
        FieldTest(String field, List<ValueMatcher> values, boolean all, Boolean exists, boolean expectNull) {
            this(field, values, all, exists, expectNull, anyCaseInsensitive(values));
        }

        private static boolean anyCaseInsensitive(List<ValueMatcher> values) {
            for (ValueMatcher m : values) {
                if (m.caseInsensitive()) {
                    return true;
                }
            }
            return false;
        }

        boolean matches(SigmaEvent e) {
            String v = field.isEmpty() ? e.message() : e.field(field);
            if (exists != null) {
                return exists == (v != null);
            }
            if (expectNull) {
                return v == null || v.isEmpty();
            }
            if (v == null) {
                return false;
            }
            String lower = !lowerOnce ? v : field.isEmpty() ? e.messageLower() : v.toLowerCase(java.util.Locale.ROOT);
            if (all) {
                for (ValueMatcher m : values) {
                    if (!m.matches(v, lower)) {
                        return false;
                    }
                }
                return true;
            }
            for (ValueMatcher m : values) {
                if (m.matches(v, lower)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Every field test holds. */
    record AllOf(List<FieldTest> tests) implements Selection {
        @Override
        public boolean matches(SigmaEvent e) {
            for (FieldTest t : tests) {
                if (!t.matches(e)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Any of the alternatives holds (a list of maps). */
    record AnyOf(List<Selection> alternatives) implements Selection {
        @Override
        public boolean matches(SigmaEvent e) {
            for (Selection s : alternatives) {
                if (s.matches(e)) {
                    return true;
                }
            }
            return false;
        }
    }
}
