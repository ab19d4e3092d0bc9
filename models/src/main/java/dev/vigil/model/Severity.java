package dev.vigil.model;

import java.util.Locale;
import java.util.Optional;

/** Syslog severities (RFC 5424 section 6.2.1) with the keywords ECS {@code log.level} uses. */
public enum Severity {
    EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG;

    private static final Severity[] BY_CODE = values();

    /** The lower-case keyword stored in history. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity ofCode(int code) {
        return BY_CODE[code];
    }

    /** Parses a keyword or a common alias (error, warn, fatal, critical, information, trace). */
    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "emerg": case "emergency": case "panic": case "fatal": return Optional.of(EMERG);
            case "alert": return Optional.of(ALERT);
            case "crit": case "critical": return Optional.of(CRIT);
            case "err": case "error": return Optional.of(ERR);
            case "warning": case "warn": return Optional.of(WARNING);
            case "notice": return Optional.of(NOTICE);
            case "info": case "information": case "informational": return Optional.of(INFO);
            case "debug": case "trace": return Optional.of(DEBUG);
            default: return Optional.empty();
        }
    }
}
