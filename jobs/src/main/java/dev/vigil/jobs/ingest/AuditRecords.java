package dev.vigil.jobs.ingest;

import dev.vigil.decode.auditd.AuditEvents;
import dev.vigil.decode.auditd.AuditdDecoder;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.java.functions.KeySelector;

/** The audit records that belong to a system call event, the input of {@link AssembleAuditEvents}. */
public final class AuditRecords implements FilterFunction<SecurityEvent> {
    private static final long serialVersionUID = 1L;
    private static final String AUDIT_RECORD = SecurityAction.AUDIT_RECORD.keyword();

    @Override
    public boolean filter(SecurityEvent e) {
        if (!AUDIT_RECORD.equals(e.action())) {
            return false;
        }
        String type = e.attributes().get(AuditdDecoder.TYPE);
        return type != null && AuditEvents.isCompound(type);
    }

    /** Serials and pids are per host. */
    public static final class ByHost implements KeySelector<SecurityEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(SecurityEvent e) {
            return e.host();
        }
    }
}
