package dev.vigil.jobs.functions;

import dev.vigil.forecast.LeakDetector;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** A process's {@link LeakDetector} in state: its 5-minute buckets and run baselines. */
public final class LeakDetectorSerializer extends BinaryStateSerializer<LeakDetector> {
    private static final long serialVersionUID = 1L;
    public static final LeakDetectorSerializer INSTANCE = new LeakDetectorSerializer();

    @Override
    public LeakDetector createInstance() {
        return new LeakDetector();
    }

    @Override
    protected void write(LeakDetector value, DataOutputView out) throws IOException {
        value.write(out);
    }

    @Override
    protected LeakDetector read(DataInputView in) throws IOException {
        return LeakDetector.read(in);
    }

    @Override
    public TypeSerializerSnapshot<LeakDetector> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format is versioned inside each value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LeakDetector> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
