package dev.vigil.anomaly;

import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.kmeans.KMeansModel;
import org.tribuo.clustering.kmeans.KMeansTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.la.DenseVector;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Windowed ML on a series' own recent past: the last {@code dim} values (in robust z units, clipped) form
 * a shape vector; Tribuo's k-means is retrained every {@code retrainEvery} values on the last
 * {@code history} vectors, and a new vector's distance to its nearest centroid says how unlike the
 * recent shapes it is. Only the centroids are kept between retrains, so state stays small.
 */
final class KMeansShapeModel {
    /** Tribuo logs every k-means iteration at INFO; held strongly so the level sticks. */
    private static final Logger TRIBUO_KMEANS_LOG = Logger.getLogger(KMeansTrainer.class.getName());
    private static final ClusteringFactory FACTORY = new ClusteringFactory();
    private static final int ITERATIONS = 10;
    private static final double CLIP = 8.0;

    static {
        TRIBUO_KMEANS_LOG.setLevel(Level.WARNING);
    }

    private final int dim;
    private final int centroidCount;
    private final int retrainEvery;
    private final long seed;
    private final String[] featureNames;
    private final float[] history;
    private final double[] window;
    private final double[] trainRow;
    private double[][] centroids;
    private int seen;
    private int count;
    private int next;
    private int sinceTrain;
    private int trainings;

    KMeansShapeModel(int dim, int centroids, int history, int retrainEvery, long seed) {
        this.dim = dim;
        this.centroidCount = centroids;
        this.retrainEvery = retrainEvery;
        this.seed = seed;
        this.featureNames = featureNames(dim);
        this.history = new float[history * dim];
        this.window = new double[dim];
        this.trainRow = new double[dim];
    }

    private static String[] featureNames(int dim) {
        // Zero-padded so Tribuo's sorted feature ids keep the window order.
        String[] names = new String[dim];
        for (int i = 0; i < dim; i++) {
            names[i] = String.format("lag%03d", i);
        }
        return names;
    }

    /** Adds the next z-value; returns the new window's distance to the nearest centroid, or NaN before the first model. */
    double update(double z) {
        System.arraycopy(window, 0, window, 1, dim - 1);
        window[0] = Math.max(-CLIP, Math.min(CLIP, z));
        if (seen < dim && ++seen < dim) {
            return Double.NaN;
        }
        double distance = Double.NaN;
        if (centroids != null) {
            double best = Double.MAX_VALUE;
            for (double[] c : centroids) {
                double s = 0;
                for (int i = 0; i < dim; i++) {
                    double d = window[i] - c[i];
                    s += d * d;
                }
                best = Math.min(best, s);
            }
            distance = Math.sqrt(best);
        }
        for (int i = 0; i < dim; i++) {
            history[next * dim + i] = (float) window[i];
        }
        int capacity = history.length / dim;
        next = (next + 1) % capacity;
        count = Math.min(count + 1, capacity);
        if (++sinceTrain >= retrainEvery && count >= Math.min(256, capacity)) {
            sinceTrain = 0;
            train();
        }
        return distance;
    }

    private void train() {
        MutableDataset<ClusterID> data = new MutableDataset<>(new SimpleDataSourceProvenance("series-windows", FACTORY), FACTORY);
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < dim; i++) {
                trainRow[i] = history[r * dim + i];
            }
            data.add(new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, featureNames, trainRow));
        }
        // A fresh trainer per training, seeded by the training's number, so a series restored from a
        // checkpoint trains exactly the model the uninterrupted series would have.
        KMeansModel model = trainer(seed + trainings++).train(data);
        DenseVector[] vectors = model.getCentroidVectors();
        centroids = new double[vectors.length][];
        for (int c = 0; c < vectors.length; c++) {
            centroids[c] = vectors[c].toArray();
        }
    }

    private KMeansTrainer trainer(long trainerSeed) {
        return trainer(centroidCount, trainerSeed);
    }

    private static KMeansTrainer trainer(int centroids, long trainerSeed) {
        return new KMeansTrainer(centroids, ITERATIONS, new L2Distance(), KMeansTrainer.Initialisation.PLUSPLUS, 1, trainerSeed);
    }

    /** SHA-256 (first 16 hex digits) of the Tribuo trainer provenance: identifies how shape models are learned. */
    static String provenanceHash(int centroids, long seed) {
        return dev.vigil.model.Digests.shortSha256(trainer(centroids, seed).getProvenance().toString());
    }

    void write(DataOutput out) throws IOException {
        StateIo.writeFloats(out, history);
        for (double w : window) {
            out.writeDouble(w);
        }
        out.writeInt(seen);
        out.writeInt(count);
        out.writeInt(next);
        out.writeInt(sinceTrain);
        out.writeInt(trainings);
        out.writeInt(centroids == null ? 0 : centroids.length);
        if (centroids != null) {
            for (double[] c : centroids) {
                for (double v : c) {
                    out.writeDouble(v);
                }
            }
        }
    }

    void read(DataInput in) throws IOException {
        StateIo.readFloats(in, history);
        for (int i = 0; i < dim; i++) {
            window[i] = in.readDouble();
        }
        seen = in.readInt();
        count = in.readInt();
        next = in.readInt();
        sinceTrain = in.readInt();
        trainings = in.readInt();
        int k = in.readInt();
        centroids = k == 0 ? null : new double[k][dim];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < dim; i++) {
                centroids[c][i] = in.readDouble();
            }
        }
    }
}
