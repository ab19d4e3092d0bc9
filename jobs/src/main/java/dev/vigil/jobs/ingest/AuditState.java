package dev.vigil.jobs.ingest;

import dev.vigil.decode.auditd.ProcessEntry;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.List;

/** State descriptors of {@link AssembleAuditEvents}, one set per host. */
final class AuditState {
    private AuditState() {}

    /** Records of system call events not closed yet, by serial. */
    static final MapStateDescriptor<Long, List<SecurityEvent>> OPEN = new MapStateDescriptor<>("audit-open",
            Types.LONG, Types.LIST(TypeInformation.of(SecurityEvent.class)));

    /** The process table: pid to what it runs. */
    static final MapStateDescriptor<Integer, ProcessEntry> PROCESSES = new MapStateDescriptor<>("audit-processes",
            Types.INT, TypeInformation.of(ProcessEntry.class));

    /** How many entries {@link #PROCESSES} holds (MapState has no size). */
    static final ValueStateDescriptor<Integer> PROCESS_COUNT = new ValueStateDescriptor<>("audit-process-count", Types.INT);

    /** When the process table is next swept for entries past their time to live. */
    static final ValueStateDescriptor<Long> NEXT_SWEEP = new ValueStateDescriptor<>("audit-next-sweep", Types.LONG);
}
