package dev.vigil.jobs.functions;

import dev.vigil.logs.TemplateActivity;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** A host's {@link TemplateActivity} in state: its settings, then its templates' counts and baselines. */
public final class TemplateActivitySerializer extends BinaryStateSerializer<TemplateActivity> {
    private static final long serialVersionUID = 1L;
    public static final TemplateActivitySerializer INSTANCE = new TemplateActivitySerializer();

    @Override
    public TemplateActivity createInstance() {
        return new TemplateActivity(TemplateActivity.Settings.defaults());
    }

    @Override
    protected void write(TemplateActivity value, DataOutputView out) throws IOException {
        value.write(out);
    }

    @Override
    protected TemplateActivity read(DataInputView in) throws IOException {
        return TemplateActivity.read(in);
    }

    @Override
    public TypeSerializerSnapshot<TemplateActivity> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format is versioned inside each value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TemplateActivity> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
