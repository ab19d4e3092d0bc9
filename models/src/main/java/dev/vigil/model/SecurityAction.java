package dev.vigil.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The fixed vocabulary of {@link SecurityEvent#action()} (ECS {@code event.action}). System facts that
 * correlation rules need (OOM kills, segfaults, unit state changes) share it, so one stream carries
 * every fact a rule can match.
 */
public enum SecurityAction {
    AUTH_FAILURE, AUTH_SUCCESS, INVALID_USER, PAM_AUTH_FAILURE, SUDO, SU,
    USER_ADDED, USER_DELETED, PASSWORD_CHANGED, GROUP_ADDED, GROUP_DELETED,
    SESSION_OPENED, SESSION_CLOSED,
    PROCESS_EXEC, FILE_CHANGED, NET_CONNECTION, FIREWALL_DROP,
    OOM_KILL, SEGFAULT, UNIT_STARTED, UNIT_STOPPED, UNIT_FAILED, UNIT_RESTARTED,
    /** One audit.log record as written, its fields under {@code auditd.*} (what Sigma's auditd rules read). */
    AUDIT_RECORD;

    /** The lower-case keyword stored in history and used in rules. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SecurityAction> parse(String keyword) {
        if (keyword == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(keyword.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
