package dev.vigil.jobs.testing;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The values an operator under test sent to a side output, in order (empty when it sent none). */
public final class SideOutputs {
    private SideOutputs() {}

    public static <T> List<T> values(AbstractStreamOperatorTestHarness<?> harness, OutputTag<T> tag) {
        List<T> out = new ArrayList<>();
        ConcurrentLinkedQueue<StreamRecord<T>> records = harness.getSideOutput(tag);
        if (records != null) {
            for (StreamRecord<T> r : records) {
                out.add(r.getValue());
            }
        }
        return out;
    }
}
