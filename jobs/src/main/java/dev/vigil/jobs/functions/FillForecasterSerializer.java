package dev.vigil.jobs.functions;

import dev.vigil.forecast.FillForecaster;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** A resource's {@link FillForecaster} in state: its 5-minute buckets (at most 7 days). */
public final class FillForecasterSerializer extends BinaryStateSerializer<FillForecaster> {
    private static final long serialVersionUID = 1L;
    public static final FillForecasterSerializer INSTANCE = new FillForecasterSerializer();

    @Override
    public FillForecaster createInstance() {
        return new FillForecaster();
    }

    @Override
    protected void write(FillForecaster value, DataOutputView out) throws IOException {
        value.write(out);
    }

    @Override
    protected FillForecaster read(DataInputView in) throws IOException {
        return FillForecaster.read(in);
    }

    @Override
    public TypeSerializerSnapshot<FillForecaster> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The format is versioned inside each value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FillForecaster> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
