package dev.vigil.anomaly;

/**
 * The ensemble detector's parameters: one configuration for every series (nothing is tuned per series).
 * The defaults are the ones scored on NAB in docs/evaluation.md.
 *
 * @param window values in the rolling median/scale window (288 = one day at 5-minute samples)
 * @param calibration recent nonconformity values each p-value is calibrated against
 * @param warmup values seen before any score is given
 * @param seasonDays previous days searched for the same time of day
 * @param seasonNeighbours samples on each side of the same time of day
 * @param seasonMemory samples remembered for the seasonal search
 * @param shapeDim values per shape window (the k-means feature vector)
 * @param centroids k-means centroids
 * @param shapeHistory shape windows the k-means model is trained on
 * @param retrainEvery values between k-means retrainings
 * @param rest values after a reported anomaly during which only a clearly stronger one is reported again
 * @param margin how much stronger (in score units) a repeat must be to be reported within the rest period
 * @param floor scores below this are never suppressed, nor start a rest period
 * @param decades orders of magnitude of p-value that map onto the score range [0, 1]
 * @param seed seed of the k-means initialisation
 */
public record EnsembleSettings(int window, int calibration, int warmup, int seasonDays, int seasonNeighbours, int seasonMemory,
        int shapeDim, int centroids, int shapeHistory, int retrainEvery, int rest, double margin, double floor, double decades,
        long seed) {

    public EnsembleSettings {
        require(window >= 16, "window", window);
        require(calibration >= 100, "calibration", calibration);
        require(warmup >= 0, "warmup", warmup);
        require(seasonDays >= 0, "seasonDays", seasonDays);
        require(seasonNeighbours >= 0, "seasonNeighbours", seasonNeighbours);
        require(seasonMemory >= 1, "seasonMemory", seasonMemory);
        require(shapeDim >= 2, "shapeDim", shapeDim);
        require(centroids >= 1, "centroids", centroids);
        require(shapeHistory >= centroids, "shapeHistory", shapeHistory);
        require(retrainEvery >= 1, "retrainEvery", retrainEvery);
        require(rest >= 0, "rest", rest);
        if (!(margin >= 0) || !(floor >= 0 && floor <= 1) || !(decades > 0)) {
            throw new IllegalArgumentException("margin must be >= 0, floor in [0, 1] and decades > 0; were "
                    + margin + ", " + floor + ", " + decades);
        }
    }

    private static void require(boolean ok, String name, int value) {
        if (!ok) {
            throw new IllegalArgumentException("ensemble setting " + name + " is out of range: " + value);
        }
    }

    public static EnsembleSettings defaults() {
        return new EnsembleSettings(288, 4000, 150, 3, 3, 1024, 8, 16, 1024, 256, 100, 0.2, 0.15, 8.0, 42L);
    }

    /** Writes the settings (they travel with each detector's checkpointed state). */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        int[] ints = {window, calibration, warmup, seasonDays, seasonNeighbours, seasonMemory, shapeDim, centroids, shapeHistory,
            retrainEvery, rest};
        out.writeByte(ints.length);
        for (int v : ints) {
            out.writeInt(v);
        }
        out.writeDouble(margin);
        out.writeDouble(floor);
        out.writeDouble(decades);
        out.writeLong(seed);
    }

    public static EnsembleSettings read(java.io.DataInput in) throws java.io.IOException {
        int n = in.readByte();
        if (n != 11) {
            throw new java.io.IOException("ensemble settings with " + n + " integer fields; this version has 11");
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readInt();
        }
        return new EnsembleSettings(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], in.readDouble(),
                in.readDouble(), in.readDouble(), in.readLong());
    }

    /** Approximate bytes of detector state per series with these settings. */
    public long stateBytes() {
        return 4L * (2 * window + 6 * calibration + 2 * seasonMemory + shapeDim * shapeHistory) + 8L * (seasonMemory
                + centroids * shapeDim + 6L * (calibration / 25 + 1)) + 1024 + NoveltyMemory.stateBytes(NoveltySettings.defaults());
    }
}
