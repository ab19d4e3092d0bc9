package dev.vigil.jobs.ingest;

/**
 * One line of a replayed file, as bytes (decoding, and rejecting invalid UTF-8, is the decoder's job).
 *
 * @param source     the file
 * @param line       1-based line number
 * @param bytes      the line without its terminator, at most {@link LineFormat#HARD_LIMIT} bytes
 * @param fullLength the line's length in the file; larger than {@code bytes.length} when it was cut
 */
public record RawLine(String source, long line, byte[] bytes, long fullLength) {}
