package dev.vigil.jobs.alerts;

import dev.vigil.logs.TemplateWindow;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** State of the hint operators, in one place (the names are those of 0.1.0, which kept them with the log state). */
final class HintState {
    private HintState() {}

    /** A host's notable template windows by "window start|app|template id", kept for twice the hints window. */
    static final MapStateDescriptor<String, TemplateWindow> RECENT_TEMPLATE_CHANGES =
            new MapStateDescriptor<>("recent-template-changes", Types.STRING, TypeInformation.of(TemplateWindow.class));

    /** Log hints of a host's open incidents, by incident id, so the closing row repeats the opening row's. */
    static final MapStateDescriptor<String, java.util.List<String>> INCIDENT_LOG_HINTS =
            new MapStateDescriptor<>("incident-log-hints", Types.STRING, Types.LIST(Types.STRING));
}
