package dev.vigil.model;

import java.util.Map;
import java.util.Objects;

/**
 * A security or system fact (ECS: {@code event.action}, {@code event.outcome}, {@code user.name},
 * {@code user.target.name}, {@code source.ip/port}, {@code destination.ip/port}, {@code network.bytes},
 * {@code process.name}). Nullable fields are null when the source line does not say.
 *
 * @param time            event time, epoch milliseconds UTC
 * @param host            host where it happened
 * @param action          a {@link SecurityAction} keyword
 * @param outcome         {@code success}, {@code failure} or {@code unknown}
 * @param user            acting user
 * @param targetUser      user acted upon (sudo/su target, added or deleted user)
 * @param sourceIp        remote address
 * @param sourcePort      remote port
 * @param destinationIp   local or destination address
 * @param destinationPort local or destination port
 * @param bytes           bytes transferred, when known
 * @param process         process or unit involved (the sshd, the OOM-killed process, the failed unit)
 * @param attributes      action-specific extras (command, tty, protocol, interface, signal), sorted
 */
public record SecurityEvent(
        long time,
        String host,
        String action,
        String outcome,
        String user,
        String targetUser,
        String sourceIp,
        Integer sourcePort,
        String destinationIp,
        Integer destinationPort,
        Long bytes,
        String process,
        Map<String, String> attributes) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String UNKNOWN = "unknown";

    public SecurityEvent {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        attributes = Maps.sortedCopy(attributes);
    }

    /** Starts a builder for the fields most facts leave empty. */
    public static Builder builder(long time, String host, SecurityAction action, String outcome) {
        return new Builder(time, host, action.keyword(), outcome);
    }

    /** Collects the optional fields of one event; used by extractors, one builder per event. */
    public static final class Builder {
        private final long time;
        private final String host;
        private final String action;
        private final String outcome;
        private String user;
        private String targetUser;
        private String sourceIp;
        private Integer sourcePort;
        private String destinationIp;
        private Integer destinationPort;
        private Long bytes;
        private String process;
        private Map<String, String> attributes;

        private Builder(long time, String host, String action, String outcome) {
            this.time = time;
            this.host = host;
            this.action = action;
            this.outcome = outcome;
        }

        public Builder user(String v) { this.user = v; return this; }
        public Builder targetUser(String v) { this.targetUser = v; return this; }
        public Builder sourceIp(String v) { this.sourceIp = v; return this; }
        public Builder sourcePort(Integer v) { this.sourcePort = v; return this; }
        public Builder destinationIp(String v) { this.destinationIp = v; return this; }
        public Builder destinationPort(Integer v) { this.destinationPort = v; return this; }
        public Builder bytes(Long v) { this.bytes = v; return this; }
        public Builder process(String v) { this.process = v; return this; }
        public Builder attributes(Map<String, String> v) { this.attributes = v; return this; }

        public SecurityEvent build() {
            return new SecurityEvent(time, host, action, outcome, user, targetUser, sourceIp, sourcePort,
                    destinationIp, destinationPort, bytes, process, attributes);
        }
    }
}
