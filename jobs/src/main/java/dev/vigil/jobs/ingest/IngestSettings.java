package dev.vigil.jobs.ingest;

import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;

/**
 * What the decoding operators need, in a serialisable form (decoders themselves are built in
 * {@code open}, one per task).
 *
 * @param format         decoder name
 * @param stream         stream name for dead letters when the source does not say (files)
 * @param year           RFC 3164 year override, or null
 * @param zone           zone of syslog timestamps without offset
 * @param minTime        earliest accepted event time, epoch millis
 * @param maxFuture      how far ahead of the receive time an event may be
 * @param maxRecordBytes largest record decoded; larger ones are dead-lettered
 */
public record IngestSettings(
        String format, String stream, Integer year, String zone, long minTime, Duration maxFuture, int maxRecordBytes)
        implements Serializable {

    public IngestSettings withFormat(String newFormat, String newStream) {
        return new IngestSettings(newFormat, newStream, year, zone, minTime, maxFuture, maxRecordBytes);
    }

    public RecordDecoder newDecoder() {
        DecoderOptions options = new DecoderOptions(year, ZoneId.of(zone), minTime, maxFuture, "unknown");
        return new RecordDecoder(Decoders.create(format, options), stream, maxRecordBytes);
    }
}
