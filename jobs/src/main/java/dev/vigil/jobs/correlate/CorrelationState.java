package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.Incident;
import dev.vigil.correlate.WindowEntry;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.List;

/** State descriptors of the correlation operators. */
final class CorrelationState {
    private CorrelationState() {}

    /** Inputs waiting for the watermark, by event time. */
    static final MapStateDescriptor<Long, List<CorrelationInput>> BUFFERED = new MapStateDescriptor<>("buffered", Types.LONG,
            Types.LIST(TypeInformation.of(CorrelationInput.class)));

    /** The group's sliding window, oldest first. */
    static final ListStateDescriptor<WindowEntry> WINDOW = new ListStateDescriptor<>("window", TypeInformation.of(WindowEntry.class));

    /** Time of the group's newest window entry. */
    static final ValueStateDescriptor<Long> NEWEST = new ValueStateDescriptor<>("newest", Types.LONG);

    /** The group's open incident. */
    static final ValueStateDescriptor<Incident> OPEN = new ValueStateDescriptor<>("open-incident", TypeInformation.of(Incident.class));
}
