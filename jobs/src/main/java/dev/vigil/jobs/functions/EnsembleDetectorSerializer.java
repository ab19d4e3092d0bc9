package dev.vigil.jobs.functions;

import dev.vigil.anomaly.EnsembleDetector;
import dev.vigil.anomaly.EnsembleSettings;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** A series' {@link EnsembleDetector} in state: its settings, then its ring buffers and centroids. */
public final class EnsembleDetectorSerializer extends BinaryStateSerializer<EnsembleDetector> {
    private static final long serialVersionUID = 1L;
    public static final EnsembleDetectorSerializer INSTANCE = new EnsembleDetectorSerializer();

    @Override
    public EnsembleDetector createInstance() {
        return new EnsembleDetector(EnsembleSettings.defaults());
    }

    @Override
    protected void write(EnsembleDetector value, DataOutputView out) throws IOException {
        value.settings().write(out);
        value.write(out);
    }

    @Override
    protected EnsembleDetector read(DataInputView in) throws IOException {
        EnsembleDetector d = new EnsembleDetector(EnsembleSettings.read(in));
        d.read(in);
        return d;
    }

    @Override
    public TypeSerializerSnapshot<EnsembleDetector> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format is versioned inside each value, so the snapshot needs no configuration of its own. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EnsembleDetector> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
