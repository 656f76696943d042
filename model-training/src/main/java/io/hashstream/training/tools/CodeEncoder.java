package io.hashstream.training.tools;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.JpegDecode;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.EncoderPrecision;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import io.hashstream.perceptual.DHasher;
import io.hashstream.perceptual.PdqHasher;
import io.hashstream.perceptual.PerceptualHash;
import io.hashstream.perceptual.PerceptualHasher;
import io.hashstream.training.augment.Images;
import io.hashstream.training.augment.JpegReencode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Any of the project's image encoders behind one face, for the command lines and the benchmark: a
 * learned SavedModel ({@code model:DIR}) read through the shared {@link ImagePipeline}, or a fixed
 * perceptual hash ({@code pdq}, {@code dhash}). Thread-safe; batch methods parallelise decoding.
 */
public abstract class CodeEncoder implements AutoCloseable {

    /** Card metric holding a learned model's operating radius (written by the near-duplicate training). */
    public static final String RADIUS_METRIC = io.hashstream.model.ModelCard.CALIBRATED_RADIUS_METRIC;

    /** A code and, where the encoder has one, its quality (PDQ), else {@link PerceptualHash#NO_QUALITY}. */
    public record Encoded(BinaryCode code, int quality) {}

    /** Stable id written to every output line, e.g. {@code pdq} or {@code model:sha256-...}. */
    public abstract String id();

    public abstract int bits();

    /** Hamming radius at or below which two codes are taken as the same picture. */
    public abstract int matchThreshold();

    /**
     * Encodes untrusted bytes (decoded safely), in parallel: each element of the result is either an
     * {@link Encoded} or the {@link ImageRejectedException} that refused that image.
     */
    public abstract List<Object> encodeBytes(List<byte[]> images);

    /** Encodes decoded images as displayed. */
    public abstract List<Encoded> encodeImages(List<BufferedImage> images);

    @Override
    public void close() {
    }

    /** JPEG quality of the {@code model-jpeg} encoders' round trip: a typical upload's. */
    static final float ROUND_TRIP_QUALITY = 0.9f;

    /**
     * {@code model:DIR}, {@code model-bf16:DIR} (the same model with the CPU's bfloat16 rewrite, where the
     * CPU has it), {@code model-jpeg:DIR} and {@code model-jpeg-dct:DIR} (decoded images go through JPEG
     * bytes at quality 90 and the streaming job's byte path, with {@link JpegDecode#EXACT} or
     * {@link JpegDecode#DCT_SCALED} decoding; bytes are decoded that way too), {@code pdq} or {@code dhash}.
     */
    public static CodeEncoder parse(String spec, TfThreads threads) {
        if (spec.equals("pdq")) {
            return new Perceptual(new PdqHasher());
        }
        if (spec.equals("dhash")) {
            return new Perceptual(new DHasher());
        }
        if (spec.startsWith("model:")) {
            return new Learned(SavedModelEncoder.load(Path.of(spec.substring("model:".length())), threads));
        }
        if (spec.startsWith("model-bf16:")) {
            return new Learned(SavedModelEncoder.load(Path.of(spec.substring("model-bf16:".length())), threads,
                    DevicePreference.AUTO, EncoderPrecision.BF16));
        }
        if (spec.startsWith("model-jpeg:")) {
            return new Learned(SavedModelEncoder.load(Path.of(spec.substring("model-jpeg:".length())), threads),
                    JpegDecode.EXACT);
        }
        if (spec.startsWith("model-jpeg-dct:")) {
            return new Learned(SavedModelEncoder.load(Path.of(spec.substring("model-jpeg-dct:".length())), threads),
                    JpegDecode.DCT_SCALED);
        }
        throw new IllegalArgumentException("unknown encoder '" + spec
                + "': use model:DIR, model-bf16:DIR, model-jpeg:DIR, model-jpeg-dct:DIR, pdq or dhash");
    }

    static final class Perceptual extends CodeEncoder {
        private final PerceptualHasher hasher;

        Perceptual(PerceptualHasher hasher) {
            this.hasher = hasher;
        }

        @Override
        public String id() {
            return hasher.name();
        }

        @Override
        public int bits() {
            return hasher.bits();
        }

        @Override
        public int matchThreshold() {
            return hasher.matchThreshold();
        }

        @Override
        public List<Object> encodeBytes(List<byte[]> images) {
            Object[] out = new Object[images.size()];
            IntStream.range(0, out.length).parallel().forEach(i -> {
                try {
                    PerceptualHash h = hasher.hash(images.get(i));
                    out[i] = new Encoded(h.code(), h.quality());
                } catch (ImageRejectedException e) {
                    out[i] = e;
                }
            });
            return List.of(out);
        }

        @Override
        public List<Encoded> encodeImages(List<BufferedImage> images) {
            Encoded[] out = new Encoded[images.size()];
            IntStream.range(0, out.length).parallel().forEach(i -> {
                PerceptualHash h = hasher.hash(images.get(i));
                out[i] = new Encoded(h.code(), h.quality());
            });
            return List.of(out);
        }
    }

    static final class Learned extends CodeEncoder {
        private final SavedModelEncoder encoder;
        private final ImagePipeline pipeline;
        private final boolean jpegRoundTrip;
        private final int radius;

        Learned(SavedModelEncoder encoder) {
            this(encoder, JpegDecode.EXACT, false);
        }

        /** Decoded images go through JPEG bytes and {@code jpegDecode}. */
        Learned(SavedModelEncoder encoder, JpegDecode jpegDecode) {
            this(encoder, jpegDecode, true);
        }

        private Learned(SavedModelEncoder encoder, JpegDecode jpegDecode, boolean jpegRoundTrip) {
            this.encoder = encoder;
            try {
                this.pipeline = new ImagePipeline(encoder.input(), jpegDecode);
            } catch (RuntimeException e) {
                encoder.close(); // a model this code cannot preprocess for: nobody else holds its session
                throw e;
            }
            this.jpegRoundTrip = jpegRoundTrip;
            // The card's radius read as the job reads it (rounded; none if absent, NaN or negative). Without
            // one: 1/8 of the bits, PDQ's 31/256 rounded.
            this.radius = encoder.card().calibratedRadius().orElse(encoder.bits() / 8);
        }

        @Override
        public String id() {
            return "model:" + encoder.modelId()
                    + (encoder.precision() == EncoderPrecision.FP32 ? "" : ":" + encoder.precision())
                    + (jpegRoundTrip ? ":jpeg-" + pipeline.jpegDecode().setting() : "");
        }

        @Override
        public int bits() {
            return encoder.bits();
        }

        @Override
        public int matchThreshold() {
            return radius;
        }

        @Override
        public List<Object> encodeBytes(List<byte[]> images) {
            int per = encoder.input().floatsPerImage();
            float[] batch = new float[images.size() * per];
            Object[] out = new Object[images.size()];
            IntStream.range(0, out.length).parallel().forEach(i -> {
                try {
                    pipeline.toModelInput(images.get(i), batch, i * per);
                } catch (ImageRejectedException e) {
                    out[i] = e;
                }
            });
            List<Integer> ok = new ArrayList<>();
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    ok.add(i);
                }
            }
            float[] packed = new float[ok.size() * per];
            for (int k = 0; k < ok.size(); k++) {
                System.arraycopy(batch, ok.get(k) * per, packed, k * per, per);
            }
            BinaryCode[] codes = ok.isEmpty() ? new BinaryCode[0] : encoder.encode(packed, ok.size());
            for (int k = 0; k < ok.size(); k++) {
                out[ok.get(k)] = new Encoded(codes[k], PerceptualHash.NO_QUALITY);
            }
            return List.of(out);
        }

        @Override
        public List<Encoded> encodeImages(List<BufferedImage> images) {
            if (jpegRoundTrip) {
                return viaJpeg(images);
            }
            int per = encoder.input().floatsPerImage();
            List<Encoded> out = new ArrayList<>(images.size());
            int chunk = 256;
            float[] batch = new float[chunk * per];
            for (int from = 0; from < images.size(); from += chunk) {
                int m = Math.min(chunk, images.size() - from);
                int base = from;
                IntStream.range(0, m).parallel().forEach(k -> pipeline.toModelInput(images.get(base + k), batch, k * per));
                for (BinaryCode c : encoder.encode(batch, m)) {
                    out.add(new Encoded(c, PerceptualHash.NO_QUALITY));
                }
            }
            return out;
        }

        /** Each image as quality-90 JPEG bytes, encoded through the byte path. */
        private List<Encoded> viaJpeg(List<BufferedImage> images) {
            List<Encoded> out = new ArrayList<>(images.size());
            int chunk = 256;
            for (int from = 0; from < images.size(); from += chunk) {
                List<BufferedImage> part = images.subList(from, Math.min(images.size(), from + chunk));
                byte[][] jpegs = new byte[part.size()][];
                IntStream.range(0, jpegs.length).parallel()
                        .forEach(i -> jpegs[i] = JpegReencode.encode(Images.toRgb(part.get(i)), ROUND_TRIP_QUALITY));
                List<Object> encoded = encodeBytes(List.of(jpegs));
                for (Object o : encoded) {
                    if (o instanceof ImageRejectedException e) {
                        throw new IllegalStateException("a JPEG this encoder wrote was refused", e);
                    }
                    out.add((Encoded) o);
                }
            }
            return out;
        }

        @Override
        public void close() {
            encoder.close();
        }
    }
}
