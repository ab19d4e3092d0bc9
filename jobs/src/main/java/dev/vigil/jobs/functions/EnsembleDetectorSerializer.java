package dev.vigil.jobs.functions;

import dev.vigil.anomaly.EnsembleDetector;
import dev.vigil.anomaly.EnsembleSettings;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Checkpoints a series' {@link EnsembleDetector} in its own compact binary format (settings first, then
 * ring buffers and centroids), so neither Kryo nor Java serialization touches it. On the heap state
 * backend the detector is updated in place and only written at checkpoints.
 */
public final class EnsembleDetectorSerializer extends TypeSerializer<EnsembleDetector> {
    private static final long serialVersionUID = 1L;
    public static final EnsembleDetectorSerializer INSTANCE = new EnsembleDetectorSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<EnsembleDetector> duplicate() {
        return this;
    }

    @Override
    public EnsembleDetector createInstance() {
        return new EnsembleDetector(EnsembleSettings.defaults());
    }

    @Override
    public EnsembleDetector copy(EnsembleDetector from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(64 * 1024);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("copying detector state", e);
        }
    }

    @Override
    public EnsembleDetector copy(EnsembleDetector from, EnsembleDetector reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EnsembleDetector record, DataOutputView target) throws IOException {
        record.settings().write(target);
        record.write(target);
    }

    @Override
    public EnsembleDetector deserialize(DataInputView source) throws IOException {
        EnsembleDetector d = new EnsembleDetector(EnsembleSettings.read(source));
        d.read(source);
        return d;
    }

    @Override
    public EnsembleDetector deserialize(EnsembleDetector reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EnsembleDetectorSerializer;
    }

    @Override
    public int hashCode() {
        return EnsembleDetectorSerializer.class.hashCode();
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
