package io.hashstream.jobs.serde;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Length-prefixed primitives shared by the serializers. Null arrays/strings are written as length -1. */
public final class Wire {
    private Wire() {}

    public static void writeString(DataOutputView out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    public static String readString(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static void writeBytes(DataOutputView out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    public static byte[] readBytes(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    public static void writeLongs(DataOutputView out, long[] a, int n) throws IOException {
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeLong(a[i]);
        }
    }

    public static long[] readLongs(DataInputView in) throws IOException {
        int n = in.readInt();
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    public static void writeInts(DataOutputView out, int[] a, int n) throws IOException {
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeInt(a[i]);
        }
    }

    public static int[] readInts(DataInputView in) throws IOException {
        int n = in.readInt();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    public static void writeFloats(DataOutputView out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float v : a) {
            out.writeFloat(v);
        }
    }

    public static float[] readFloats(DataInputView in) throws IOException {
        int n = in.readInt();
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    public static void writeStrings(DataOutputView out, String[] a, int n) throws IOException {
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeUTF(a[i]);
        }
    }

    public static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readUTF();
        }
        return a;
    }
}
