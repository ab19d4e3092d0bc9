package dev.vigil.anomaly;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Detector state written by earlier versions and checked in, so upgrades are tested against real old bytes.
 * Both files were written at commit f8b57c5 (vigil-ensemble/2, vigil-novelty/1) after the first
 * {@link #SAMPLES} samples of {@code SyntheticSeries.generate(3 * 288, 300_000, Kind.NONE, 3 * 288, 7)}:
 * {@code novelty-v1-state.bin.gz} by {@code NoveltyMemory.write}, {@code ensemble-v2-state.bin.gz} by
 * {@code EnsembleDetector.write}. To write such files again: check out that commit, feed those samples at
 * {@code i * STEP} to a detector with default settings, write it to a {@code DataOutputStream} over a file, and
 * gzip the file.
 */
final class StoredState {
    static final int SAMPLES = 600;
    static final long STEP = 300_000L;

    private StoredState() {
    }

    /** The series the files were written from, all 864 samples. */
    static double[] series() {
        return SyntheticSeries.generate(3 * 288, STEP, SyntheticSeries.Kind.NONE, 3 * 288, 7);
    }

    static DataInputStream open(String name) throws IOException {
        InputStream in = StoredState.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("test resource " + name + " is missing");
        }
        return new DataInputStream(new GZIPInputStream(in));
    }
}
