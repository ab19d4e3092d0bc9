package dev.vigil.jobs.functions;

import dev.vigil.logs.TemplateActivity;
import dev.vigil.logs.TemplateMiner;
import dev.vigil.logs.TemplateWindow;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** State of the log template operators, in one place. */
final class LogState {
    private LogState() {}

    /** An app's template miner (bounded by logs.templates.max-templates). */
    static final ValueStateDescriptor<TemplateMiner> MINER = new ValueStateDescriptor<>("log-template-miner", TemplateMinerSerializer.INSTANCE);

    /** A host's template counts and baselines (bounded by its settings' max templates; idle templates forgotten). */
    static final ValueStateDescriptor<TemplateActivity> ACTIVITY =
            new ValueStateDescriptor<>("log-template-activity", TemplateActivitySerializer.INSTANCE);

    /** A host's notable template windows by "window start|app|template id", kept for twice the hints window. */
    static final MapStateDescriptor<String, TemplateWindow> RECENT_TEMPLATE_CHANGES =
            new MapStateDescriptor<>("recent-template-changes", Types.STRING, TypeInformation.of(TemplateWindow.class));

    /** Log hints of a host's open incidents, by incident id, so the closing row repeats the opening row's. */
    static final MapStateDescriptor<String, java.util.List<String>> INCIDENT_LOG_HINTS =
            new MapStateDescriptor<>("incident-log-hints", Types.STRING, Types.LIST(Types.STRING));
}
