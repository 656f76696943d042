package io.hashstream.training.export;

import io.hashstream.code.BinaryCode;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run as its own process by {@code TinyTrainingRunTest}: loads an exported model and writes the hex codes of
 * the images in a raw file (int n, then n * floatsPerImage big-endian floats), one per line,
 * encoding in chunks of the given size.
 */
public final class EncodeInFreshJvm {
    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        Path images = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int chunk = Integer.parseInt(args[3]);
        try (SavedModelEncoder enc = SavedModelEncoder.load(model, TfThreads.wholeMachine(), DevicePreference.CPU);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(images)))) {
            int n = in.readInt();
            int per = enc.input().floatsPerImage();
            float[] x = new float[n * per];
            for (int i = 0; i < x.length; i++) {
                x[i] = in.readFloat();
            }
            List<String> lines = new ArrayList<>(n);
            float[] part = new float[chunk * per];
            for (int from = 0; from < n; from += chunk) {
                int m = Math.min(chunk, n - from);
                System.arraycopy(x, from * per, part, 0, m * per);
                for (BinaryCode c : enc.encode(part, m)) {
                    lines.add(c.toHex());
                }
            }
            Files.write(out, lines);
        }
    }
}
