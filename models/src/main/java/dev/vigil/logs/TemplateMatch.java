package dev.vigil.logs;

/**
 * Where one log line landed.
 *
 * @param id       the template's id (derived from its text, see {@link TemplateIds})
 * @param template the template text, variable parts as {@code <*>}
 * @param change   whether the template is new, generalised by this line, or unchanged
 * @param formerIds the ids this line's template replaced (its own before it generalised, and those of
 *                  variants folded into it); empty unless {@code change} is GENERALISED
 */
public record TemplateMatch(String id, String template, Change change, java.util.List<String> formerIds) {
    public TemplateMatch {
        formerIds = java.util.List.copyOf(formerIds);
    }

    /** What this line did to the template set. */
    public enum Change { NEW, GENERALISED, SAME }
}
