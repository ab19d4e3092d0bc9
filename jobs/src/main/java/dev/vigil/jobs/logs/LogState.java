package dev.vigil.jobs.logs;

import dev.vigil.jobs.functions.TemplateActivitySerializer;
import dev.vigil.jobs.functions.TemplateMinerSerializer;

import dev.vigil.logs.TemplateActivity;
import dev.vigil.logs.TemplateMiner;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/** State of the log template operators, in one place. */
final class LogState {
    private LogState() {}

    /** An app's template miner (bounded by logs.templates.max-templates). */
    static final ValueStateDescriptor<TemplateMiner> MINER = new ValueStateDescriptor<>("log-template-miner", TemplateMinerSerializer.INSTANCE);

    /** A host's template counts and baselines (bounded by its settings' max templates; idle templates forgotten). */
    static final ValueStateDescriptor<TemplateActivity> ACTIVITY =
            new ValueStateDescriptor<>("log-template-activity", TemplateActivitySerializer.INSTANCE);
}
