package io.hashstream.model;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ModelInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per model directory per JVM, reference counted: each user (e.g. each Flink slot
 * running the encode operator) {@link #acquire acquires} a {@link Lease} and closes it when done;
 * the model is closed when the last lease is. Loading one session per JVM also keeps TensorFlow's
 * process-wide thread pools sized once, by the first acquirer's {@link TfThreads}.
 */
public final class SharedEncoders {
    private static final Logger LOG = LoggerFactory.getLogger(SharedEncoders.class);
    private static final SharedEncoders JVM_WIDE = new SharedEncoders(SavedModelEncoder::load);

    /** How a model directory becomes an encoder (a seam for tests of the counting only). */
    @FunctionalInterface
    public interface Loader {
        SavedModelEncoder load(Path dir, TfThreads threads, DevicePreference preference);
    }

    private final Loader loader;
    private final Map<Path, Entry> entries = new HashMap<>();

    private static final class Entry {
        final SavedModelEncoder encoder;
        int users;

        Entry(SavedModelEncoder encoder) {
            this.encoder = encoder;
        }
    }

    public SharedEncoders(Loader loader) {
        this.loader = loader;
    }

    /** The registry every operator in this JVM should use. */
    public static SharedEncoders jvmWide() {
        return JVM_WIDE;
    }

    /**
     * Returns a lease on the model in {@code dir}, loading it if no lease is open. {@code threads} and
     * {@code preference} apply only when this call loads the model.
     */
    public synchronized Lease acquire(Path dir, TfThreads threads, DevicePreference preference) {
        Path key = canonical(dir);
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry(loader.load(key, threads, preference));
            entries.put(key, e);
        } else if (!e.encoder.threads().equals(threads)) {
            LOG.info("model {} already loaded with {}; ignoring requested {}", key, e.encoder.threads(), threads);
        }
        e.users++;
        return new Lease(this, key, e.encoder);
    }

    /** Open leases on the model in {@code dir} (0 when it is not loaded). */
    public synchronized int users(Path dir) {
        Entry e = entries.get(canonical(dir));
        return e == null ? 0 : e.users;
    }

    private synchronized void release(Path key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw new IllegalStateException("no model loaded for " + key);
        }
        if (--e.users == 0) {
            entries.remove(key);
            e.encoder.close();
            LOG.info("closed model {} (last user released it)", key);
        }
    }

    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException ex) {
            throw new UncheckedIOException("model directory " + dir + " is not readable", ex);
        }
    }

    /** One user's handle on a shared model; {@link #close()} releases it (idempotent). */
    public static final class Lease implements Encoder {
        private final SharedEncoders owner;
        private final Path key;
        private final SavedModelEncoder encoder;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(SharedEncoders owner, Path key, SavedModelEncoder encoder) {
            this.owner = owner;
            this.key = key;
            this.encoder = encoder;
        }

        /** The shared encoder; valid while this lease is open. */
        public SavedModelEncoder encoder() {
            checkOpen();
            return encoder;
        }

        @Override
        public String modelId() {
            return encoder.modelId();
        }

        @Override
        public int bits() {
            return encoder.bits();
        }

        @Override
        public ModelInput input() {
            return encoder.input();
        }

        @Override
        public BinaryCode[] encode(float[] batch, int n) {
            checkOpen();
            return encoder.encode(batch, n);
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                owner.release(key);
            }
        }

        private void checkOpen() {
            if (released.get()) {
                throw new IllegalStateException("lease on " + key + " was released");
            }
        }
    }
}
