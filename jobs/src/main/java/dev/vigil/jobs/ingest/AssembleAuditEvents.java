package dev.vigil.jobs.ingest;

import dev.vigil.decode.auditd.AuditEvents;
import dev.vigil.decode.auditd.AuditdDecoder;
import dev.vigil.decode.auditd.ProcessEntry;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Assembles audit records into the events they make, per host: the records of one system call (same
 * serial) wait until EOE arrives or, when it never does, until the watermark passes their time (all
 * records of an event share it, so nothing of the event is still to come) or a later event of the host
 * closes; then {@link AuditEvents} makes process_exec and file_changed events of them.
 *
 * <p>A process_exec event gets its parent's executable and command line from the host's process table,
 * which every exec updates. Parents are often services started days before the child, so the table is
 * bounded by what ends a process, not by a short time to live: an exit or exit_group drops the pid, a
 * pid seen running another program than the table says (reused) is dropped, at most
 * {@code processesPerHost} entries are kept (the least recently seen tenth goes when it overflows), and
 * an entry unseen for {@code ttlMs} of event time is swept.
 */
public final class AssembleAuditEvents extends KeyedProcessFunction<String, SecurityEvent, SecurityEvent> {
    private static final Comparator<List<SecurityEvent>> BY_SERIAL =
            Comparator.comparingLong(AssembleAuditEvents::serial);

    private final int processesPerHost;
    private final long ttlMs;

    private transient MapState<Long, List<SecurityEvent>> open;
    private transient MapState<Integer, ProcessEntry> processes;
    private transient ValueState<Integer> processCount;
    private transient ValueState<Long> nextSweep;

    public AssembleAuditEvents(int processesPerHost, long ttlMs) {
        if (processesPerHost < 10) {
            throw new IllegalArgumentException("ingest.auditd.processes-per-host must be at least 10, was " + processesPerHost);
        }
        if (ttlMs <= 0) {
            throw new IllegalArgumentException("ingest.auditd.process-ttl must be positive");
        }
        this.processesPerHost = processesPerHost;
        this.ttlMs = ttlMs;
    }

    @Override
    public void open(OpenContext context) {
        open = getRuntimeContext().getMapState(AuditState.OPEN);
        processes = getRuntimeContext().getMapState(AuditState.PROCESSES);
        processCount = getRuntimeContext().getState(AuditState.PROCESS_COUNT);
        nextSweep = getRuntimeContext().getState(AuditState.NEXT_SWEEP);
    }

    @Override
    public void processElement(SecurityEvent record, Context ctx, Collector<SecurityEvent> out) throws Exception {
        String type = record.attributes().get(AuditdDecoder.TYPE);
        if (type == null || !AuditEvents.isCompound(type)) {
            return;
        }
        long serial = serial(record);
        List<SecurityEvent> records = open.get(serial);
        if (records != null && records.get(0).time() != record.time()) {
            // The serial counter restarted (a reboot): the older event is complete as it is.
            open.remove(serial);
            close(records, out, ctx.timerService());
            records = null;
        }
        if (records == null) {
            records = new ArrayList<>(6);
            ctx.timerService().registerEventTimeTimer(record.time());
        }
        records.add(record);
        // Records can reach this operator out of order (a batch replay sorts by time only), so EOE closes the
        // event only once every record it announces is here; otherwise the last one to come, or the watermark, does.
        if (AuditEvents.isComplete(records)) {
            // auditd writes an event's records together: an earlier event of the host still open has lost its EOE,
            // and closes first, so a child whose parent's EOE was lost still finds the parent.
            closeBefore(serial, record.time(), out, ctx.timerService());
            open.remove(serial);
            close(records, out, ctx.timerService());
        } else {
            open.put(serial, records);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SecurityEvent> out) throws Exception {
        Long sweep = nextSweep.value();
        if (sweep != null && sweep == timestamp) {
            sweep(timestamp, ctx);
        }
        List<List<SecurityEvent>> due = new ArrayList<>();
        for (Map.Entry<Long, List<SecurityEvent>> e : open.entries()) {
            if (e.getValue().get(0).time() <= timestamp) {
                due.add(e.getValue());
            }
        }
        // Serials rise per host: parents' execs close before their children's.
        due.sort(BY_SERIAL);
        for (List<SecurityEvent> records : due) {
            open.remove(serial(records.get(0)));
            close(records, out, ctx.timerService());
        }
    }

    private void closeBefore(long serial, long time, Collector<SecurityEvent> out, TimerService timers) throws Exception {
        List<List<SecurityEvent>> earlier = null;
        for (Map.Entry<Long, List<SecurityEvent>> e : open.entries()) {
            if (e.getKey() < serial && e.getValue().get(0).time() < time) {
                if (earlier == null) {
                    earlier = new ArrayList<>();
                }
                earlier.add(e.getValue());
            }
        }
        if (earlier != null) {
            earlier.sort(BY_SERIAL);
            for (List<SecurityEvent> records : earlier) {
                open.remove(serial(records.get(0)));
                close(records, out, timers);
            }
        }
    }

    private void close(List<SecurityEvent> records, Collector<SecurityEvent> out, TimerService timers) throws Exception {
        Integer exited = AuditEvents.exitedPid(records);
        if (exited != null) {
            forget(exited);
        }
        for (SecurityEvent e : AuditEvents.assemble(records)) {
            if (e.action().equals(SecurityAction.PROCESS_EXEC.keyword())) {
                e = remember(e, timers);
            }
            out.collect(e);
        }
        if (exited == null) {
            noticeReuse(records);
        }
    }

    /** Gives an exec its parent from the table and records the new program under its pid. */
    private SecurityEvent remember(SecurityEvent exec, TimerService timers) throws Exception {
        Integer ppid = AuditEvents.parsePid(exec.attributes().get("process.parent.pid"));
        Integer pid = AuditEvents.parsePid(exec.attributes().get("process.pid"));
        if (ppid != null) {
            ProcessEntry parent = processes.get(ppid);
            if (parent != null) {
                exec = AuditEvents.withParent(exec, parent.executable(), parent.commandLine());
                processes.put(ppid, parent.seenAt(exec.time()));
            }
        }
        if (pid != null) {
            boolean isNew = !processes.contains(pid);
            processes.put(pid, new ProcessEntry(exec.attributes().get("process.executable"),
                    exec.attributes().get("process.command_line"), exec.time()));
            if (isNew) {
                int count = processCount.value() == null ? 1 : processCount.value() + 1;
                processCount.update(count);
                if (count > processesPerHost) {
                    evictOldest(count - processesPerHost * 9 / 10);
                }
                scheduleSweep(exec.time(), timers);
            }
        }
        return exec;
    }

    /** A pid whose system call ran another executable than the table says was reused: its entry is stale. */
    private void noticeReuse(List<SecurityEvent> records) throws Exception {
        for (SecurityEvent r : records) {
            if ("SYSCALL".equals(r.attributes().get(AuditdDecoder.TYPE))) {
                Integer pid = AuditEvents.parsePid(r.attributes().get("process.pid"));
                String exe = r.attributes().get("process.executable");
                ProcessEntry known = pid == null ? null : processes.get(pid);
                if (known != null && exe != null && !exe.equals(known.executable())) {
                    forget(pid);
                }
                return;
            }
        }
    }

    private void forget(int pid) throws Exception {
        if (processes.contains(pid)) {
            processes.remove(pid);
            decrement(1);
        }
    }

    private void evictOldest(int n) throws Exception {
        List<Map.Entry<Integer, ProcessEntry>> all = new ArrayList<>();
        for (Map.Entry<Integer, ProcessEntry> e : processes.entries()) {
            all.add(Map.entry(e.getKey(), e.getValue()));
        }
        all.sort(Comparator.comparingLong(e -> e.getValue().lastSeen()));
        for (int i = 0; i < n && i < all.size(); i++) {
            processes.remove(all.get(i).getKey());
        }
        decrement(Math.min(n, all.size()));
    }

    private void decrement(int n) throws Exception {
        int count = processCount.value() == null ? 0 : processCount.value() - n;
        if (count <= 0) {
            processCount.clear();
        } else {
            processCount.update(count);
        }
    }

    private void scheduleSweep(long time, TimerService timers) throws Exception {
        if (nextSweep.value() == null) {
            long at = time + ttlMs;
            nextSweep.update(at);
            timers.registerEventTimeTimer(at);
        }
    }

    /** Drops the entries unseen for the time to live; sweeps again while any are left. */
    private void sweep(long now, OnTimerContext ctx) throws Exception {
        nextSweep.clear();
        List<Integer> stale = new ArrayList<>();
        long oldestKept = Long.MAX_VALUE;
        for (Map.Entry<Integer, ProcessEntry> e : processes.entries()) {
            if (e.getValue().lastSeen() + ttlMs <= now) {
                stale.add(e.getKey());
            } else {
                oldestKept = Math.min(oldestKept, e.getValue().lastSeen());
            }
        }
        for (Integer pid : stale) {
            processes.remove(pid);
        }
        decrement(stale.size());
        if (oldestKept != Long.MAX_VALUE) {
            long at = oldestKept + ttlMs;
            nextSweep.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    private static long serial(SecurityEvent record) {
        return Long.parseLong(record.attributes().get(AuditdDecoder.SEQUENCE));
    }

    private static long serial(List<SecurityEvent> records) {
        return serial(records.get(0));
    }
}
