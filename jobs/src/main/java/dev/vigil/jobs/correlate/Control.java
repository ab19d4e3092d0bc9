package dev.vigil.jobs.correlate;

import dev.vigil.correlate.ControlMessage;
import dev.vigil.correlate.IocMatcher;
import dev.vigil.correlate.SigmaRules;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The control stream's broadcast state: rule overrides under {@code rule:<id or name>}, indicators under
 * {@code ioc:<kind>:<value>}. Every parallel instance applies every message the same way, so the state
 * is the same everywhere and checkpointed with the job.
 */
public final class Control {
    public static final MapStateDescriptor<String, ControlMessage> STATE =
            new MapStateDescriptor<>("control", Types.STRING, TypeInformation.of(ControlMessage.class));

    /** The message that changes nothing (the control stream of a job that has none). */
    public static final ControlMessage NOOP = new ControlMessage("noop", null, null, null, null, null, null, null, null, List.of(),
            null, null, null, null, null);

    private Control() {}

    /** Applies a message; returns whether indicators changed. */
    static boolean apply(BroadcastState<String, ControlMessage> state, ControlMessage m) throws Exception {
        switch (m.type()) {
            case ControlMessage.RULE -> {
                state.put(m.stateKey(), m.over(state.get(m.stateKey())));
                return false;
            }
            case ControlMessage.IOC -> {
                if (m.action().equals("remove")) {
                    state.remove(m.stateKey());
                } else {
                    state.put(m.stateKey(), m);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The override of a rule or correlation, merged over all the names it goes by; null when none. */
    static ControlMessage override(ReadOnlyBroadcastState<String, ControlMessage> state, SigmaRules rules, String id) throws Exception {
        ControlMessage merged = null;
        for (String name : rules.namesOf(id)) {
            ControlMessage m = state.get("rule:" + name);
            if (m != null) {
                merged = m.over(merged);
            }
        }
        return merged;
    }

    static boolean enabled(ReadOnlyBroadcastState<String, ControlMessage> state, SigmaRules rules, String id) throws Exception {
        ControlMessage o = override(state, rules, id);
        return o == null || o.enabled() == null || o.enabled();
    }

    static IocMatcher indicators(ReadOnlyBroadcastState<String, ControlMessage> state) throws Exception {
        List<ControlMessage> iocs = new ArrayList<>();
        for (Map.Entry<String, ControlMessage> e : state.immutableEntries()) {
            if (e.getValue().type().equals(ControlMessage.IOC)) {
                iocs.add(e.getValue());
            }
        }
        return new IocMatcher(iocs);
    }
}
