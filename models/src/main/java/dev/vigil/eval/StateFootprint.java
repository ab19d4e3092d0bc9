package dev.vigil.eval;

import dev.vigil.anomaly.EnsembleDetector;
import dev.vigil.anomaly.EnsembleSettings;
import dev.vigil.forecast.FillForecaster;
import dev.vigil.forecast.LeakDetector;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The checkpointed bytes of each per-series model after one week and after four weeks of samples, at a
 * scrape interval (every ring, the seasonal memory and the k-means history fill within the first week; the
 * novelty memory's boxes are capped): a size within the bound shows the state is bounded, and the sizes are what operations.md multiplies
 * out for a fleet. Measured on noisy synthetic series (a daily cycle with noise and spikes), so every
 * ring and every model buffer has filled.
 */
public final class StateFootprint {
    /** One model's serialized state after a week and after four weeks. */
    /**
     * @param boundBytes the most the state can ever hold: its size after a week plus what its capped parts
     *                   could still add then (the novelty memory's boxes); the others are fixed-size
     */
    public record Row(String model, String key, long bytesAfterWeek, long bytesAfterFourWeeks, long boundBytes) {
        public boolean bounded() {
            return bytesAfterFourWeeks <= boundBytes;
        }
    }

    private StateFootprint() {}

    /**
     * Microseconds to write and read back one anomaly detector's state, as a state backend that keeps
     * values serialized (RocksDB) does on every sample of the series; a heap backend keeps the object.
     */
    public static double ensembleRoundTripMicros(long stepMs) throws IOException {
        EnsembleDetector detector = new EnsembleDetector(EnsembleSettings.defaults());
        Random random = new Random(2);
        for (long t = 0; t <= 7 * 86_400_000L; t += stepMs) {
            detector.update(1_795_000_000_000L + t, 50 + 3 * random.nextGaussian());
        }
        long sink = 0;
        long started = 0;
        int rounds = 400;
        for (int i = 0; i < 2 * rounds; i++) {
            if (i == rounds) {
                started = System.nanoTime();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                detector.write(out);
            }
            EnsembleDetector copy = new EnsembleDetector(EnsembleSettings.defaults());
            copy.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            sink += copy.samples();
        }
        if (sink == 0) {
            throw new IllegalStateException("the detector restored no samples");
        }
        return (System.nanoTime() - started) / 1e3 / rounds;
    }

    public static List<Row> measure(long stepMs) throws IOException {
        long day = 86_400_000L;
        List<Row> rows = new ArrayList<>();
        EnsembleDetector detector = new EnsembleDetector(EnsembleSettings.defaults());
        FillForecaster fill = new FillForecaster();
        LeakDetector leak = new LeakDetector();
        Random random = new Random(1);
        long[] afterWeek = new long[3];
        long spare = 0;
        long t0 = 1_795_000_000_000L;
        for (long t = 0; t <= 28 * day; t += stepMs) {
            double cycle = Math.sin(2 * Math.PI * t / day);
            double noise = random.nextGaussian();
            detector.update(t0 + t, 50 + 20 * cycle + 3 * noise + (random.nextInt(500) == 0 ? 40 : 0));
            double size = 100e9;
            fill.update(t0 + t, size * (0.6 - 0.2 * (t % day) / (double) day) + 1e8 * noise, size);
            leak.update(t0 + t, 2e9 + 1e8 * cycle + 1e7 * noise, 8e9);
            if (t / stepMs == 7 * day / stepMs) {
                afterWeek[0] = size(detector::write);
                spare = detector.spareStateBytes();
                afterWeek[1] = size(fill::write);
                afterWeek[2] = size(leak::write);
            }
        }
        rows.add(new Row("anomaly ensemble (novelty memory, robust scale, seasonal, k-means, calibration)", "series",
                afterWeek[0], size(detector::write), afterWeek[0] + spare));
        rows.add(new Row("fill forecaster", "filesystem, inodes, memory or swap of a host", afterWeek[1], size(fill::write), afterWeek[1]));
        rows.add(new Row("leak detector", "host", afterWeek[2], size(leak::write), afterWeek[2]));
        return rows;
    }

    @FunctionalInterface
    private interface Writer {
        void write(java.io.DataOutput out) throws IOException;
    }

    private static long size(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        }
        return bytes.size();
    }
}
