package dev.vigil.jobs.functions;

import dev.vigil.logs.MinerSettings;
import dev.vigil.logs.TemplateMiner;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** An app's {@link TemplateMiner} in state: its settings, then its templates and their routes. */
public final class TemplateMinerSerializer extends BinaryStateSerializer<TemplateMiner> {
    private static final long serialVersionUID = 1L;
    public static final TemplateMinerSerializer INSTANCE = new TemplateMinerSerializer();

    @Override
    public TemplateMiner createInstance() {
        return new TemplateMiner(MinerSettings.defaults());
    }

    @Override
    protected void write(TemplateMiner value, DataOutputView out) throws IOException {
        value.write(out);
    }

    @Override
    protected TemplateMiner read(DataInputView in) throws IOException {
        return TemplateMiner.read(in);
    }

    @Override
    public TypeSerializerSnapshot<TemplateMiner> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format is versioned inside each value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TemplateMiner> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
