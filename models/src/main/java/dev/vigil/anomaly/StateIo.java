package dev.vigil.anomaly;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes and reads the detector's fixed-size arrays; a length mismatch means a different configuration. */
final class StateIo {
    private StateIo() {}

    static void writeFloats(DataOutput out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float v : a) {
            out.writeFloat(v);
        }
    }

    static void readFloats(DataInput in, float[] a) throws IOException {
        checkLength(in.readInt(), a.length);
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
        }
    }

    static void writeLongs(DataOutput out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    static void readLongs(DataInput in, long[] a) throws IOException {
        checkLength(in.readInt(), a.length);
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
    }

    /** The first {@code n} values of {@code a}, without a length: the reader knows {@code n} from state read before. */
    static void writeDoubles(DataOutput out, double[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeDouble(a[i]);
        }
    }

    static void readDoubles(DataInput in, double[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
    }

    private static void checkLength(int stored, int expected) throws IOException {
        if (stored != expected) {
            throw new IOException("detector state holds an array of " + stored + " values where the configuration expects "
                    + expected + "; restore with the configuration the state was written with");
        }
    }
}
