package io.hashstream.model;

import io.hashstream.code.BinaryCode;
import io.hashstream.image.ModelInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per model directory and precision per JVM, reference counted: each user (e.g. each Flink slot
 * running the encode operator) {@link #acquire acquires} a {@link Lease} and closes it when done;
 * the model is closed when the last lease is. Loading one session per JVM also keeps TensorFlow's
 * process-wide thread pools sized once, by the first acquirer's {@link TfThreads}.
 */
public final class SharedEncoders {
    private static final Logger LOG = LoggerFactory.getLogger(SharedEncoders.class);
    private static final SharedEncoders JVM_WIDE = new SharedEncoders(SharedEncoders::loadOnNamedThread);

    /** Name of the thread that loads the models; TensorFlow's pool threads carry it too (see below). */
    static final String LOADER_THREAD = "tensorflow";

    /** How a model directory becomes an encoder (a seam for tests of the counting only). */
    @FunctionalInterface
    public interface Loader {
        SavedModelEncoder load(Path dir, TfThreads threads, DevicePreference preference, EncoderPrecision precision);
    }

    /** A loaded model: its canonical directory and the precision asked for (its codes may differ by it). */
    private record Key(Path dir, EncoderPrecision precision) {
    }

    private final Loader loader;
    private final Map<Key, Entry> entries = new HashMap<>();

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

    /**
     * {@link SavedModelEncoder#load} on a thread of its own named {@value #LOADER_THREAD}. Why: the
     * process's first session starts TensorFlow's native pool threads, which is where the model runs,
     * and native threads take their creator's name. Loaded from a Flink task thread they would carry the
     * task's name, and CPU profiles by thread ({@code top -H}, the perf harness) could not tell model
     * time from decoding.
     */
    static SavedModelEncoder loadOnNamedThread(Path dir, TfThreads threads, DevicePreference preference,
                                               EncoderPrecision precision) {
        return onThread(LOADER_THREAD, () -> SavedModelEncoder.load(dir, threads, preference, precision));
    }

    /** {@code body}'s result, computed on a new thread named {@code name}; its exceptions rethrown here. */
    static <T> T onThread(String name, Supplier<T> body) {
        Object[] outcome = new Object[1];
        Thread thread = new Thread(() -> {
            try {
                outcome[0] = body.get();
            } catch (RuntimeException | Error e) {
                outcome[0] = new Failure(e);
            }
        }, name);
        thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a half-loaded session would leak: wait for the load to end
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (outcome[0] instanceof Failure f) {
            if (f.cause() instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) f.cause();
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return result;
    }

    private record Failure(Throwable cause) {
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
        return acquire(dir, threads, preference, EncoderPrecision.FP32);
    }

    /**
     * As {@link #acquire(Path, TfThreads, DevicePreference)}, for a session asking for {@code precision}:
     * the same directory at another precision is another model (another session).
     */
    public synchronized Lease acquire(Path dir, TfThreads threads, DevicePreference preference,
                                      EncoderPrecision precision) {
        Key key = new Key(canonical(dir), precision);
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry(loader.load(key.dir(), threads, preference, precision));
            entries.put(key, e);
        } else if (!e.encoder.threads().equals(threads)) {
            LOG.info("model {} already loaded with {}; ignoring requested {}", key, e.encoder.threads(), threads);
        }
        e.users++;
        return new Lease(this, key, e.encoder);
    }

    /** Open leases on the model in {@code dir} at float32 (0 when it is not loaded). */
    public synchronized int users(Path dir) {
        return users(dir, EncoderPrecision.FP32);
    }

    /** Open leases on the model in {@code dir} at {@code precision} (0 when it is not loaded). */
    public synchronized int users(Path dir, EncoderPrecision precision) {
        Entry e = entries.get(new Key(canonical(dir), precision));
        return e == null ? 0 : e.users;
    }

    private void release(Key key) {
        SavedModelEncoder last = null;
        synchronized (this) {
            Entry e = entries.get(key);
            if (e == null) {
                throw new IllegalStateException("no model loaded for " + key);
            }
            if (--e.users == 0) {
                entries.remove(key);
                last = e.encoder;
            }
        }
        // Closed outside the lock: a session close waits for runs still active (one that outlived its
        // task's one-minute wait, say on a hung GPU), and a restarted task's acquire must not wait with it.
        if (last != null) {
            last.close();
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
        private final Key key;
        private final SavedModelEncoder encoder;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(SharedEncoders owner, Key key, SavedModelEncoder encoder) {
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
