package dev.vigil.jobs;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.List;

/** Stream plumbing shared by the stages. */
public final class Streams {
    private Streams() {}

    /**
     * One stream of all of {@code streams}. Optional parts of the pipeline add their streams to a list
     * rather than leaving a null; the list is never empty where this is called, since every union has a
     * part that is always there. A single stream is returned as it is, so no union is added for it.
     */
    @SuppressWarnings("unchecked")
    public static <T> DataStream<T> union(List<DataStream<T>> streams) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("nothing to union: a pipeline part that is always there is missing");
        }
        DataStream<T> first = streams.get(0);
        return streams.size() == 1 ? first : first.union(streams.subList(1, streams.size()).toArray(new DataStream[0]));
    }
}
