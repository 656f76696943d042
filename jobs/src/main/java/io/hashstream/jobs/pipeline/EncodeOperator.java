package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.DeadLetter;
import io.hashstream.model.Encoder;
import io.hashstream.model.TfThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Runs the model once per batch: images wait in memory until {@code batchSize} are there or the
 * oldest has waited {@code flushMillis} (processing time), whichever comes first.
 *
 * <p>With {@code overlap}, a full batch goes to the model on a thread of the operator's own and the
 * task goes on reading and decoding the next one; the batch's results are emitted, in input order,
 * before the next batch goes to the model or within {@code flushMillis}. Without it the task waits for
 * every model call, so at parallelism 1 decoding and the model take turns (BENCHMARKS.md, X1, O1).
 *
 * <p>Nothing buffered or in flight is ever in a checkpoint, so nothing can be lost or replayed twice:
 * both are drained before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}), before every
 * watermark is forwarded (so no image falls behind the watermark and becomes late downstream), and
 * at end of input. Deletes pass straight through.
 *
 * <p>An image whose input does not have the model's shape becomes a {@code model.input_mismatch}
 * dead letter; if the model fails on a batch, its images are retried one by one, so bad input never
 * fails the job. An image that fails alone is blamed only once the model has shown it works: it
 * encodes a blank input of its shape, and the image fails once more; then the image becomes a
 * {@code model.encode_failed} dead letter. If the blank input fails too, the model is broken (a GPU
 * without the right cuDNN, a closed session), not the input: the task fails before any dead letter,
 * so the job restarts and alerts instead of turning the stream into dead letters, and the replay after
 * a restart has written nothing for these images before.
 */
public final class EncodeOperator extends AbstractStreamOperator<IndexCommand>
        implements OneInputStreamOperator<Ingested, IndexCommand> {
    private static final long serialVersionUID = 1L;

    private final EncoderFactory encoders;
    private final int batchSize;
    private final long flushMillis;
    private final boolean overlap;
    private final OutputTag<DeadLetter> deadLetters;

    private transient Encoder encoder;
    private transient int floatsPerImage;
    private transient float[] batch;
    /** A blank input of the model's shape: the model works if it encodes this. */
    private transient float[] blank;
    /** The other batch buffer: the one in flight, or free. */
    private transient float[] spare;
    private transient List<StreamRecord<ImageToEncode>> pending;
    private transient ScheduledFuture<?> flushTimer;
    private transient long batchNumber;
    /** The thread model calls run on with {@code overlap}; null without. */
    private transient ExecutorService modelCalls;
    private transient InFlight inFlight;

    private transient Histogram batchSizes;
    private transient Histogram modelMicros;
    /** With overlap: how long the task waited for a batch in flight (near 0: the model keeps up with decoding). */
    private transient Histogram modelWaitMicros;
    /** Totals beside the histograms (which keep the last 1,024 batches): rates over any window. */
    private transient Counter modelCallCount;
    private transient Counter modelMicrosTotal;
    private transient Counter modelWaitMicrosTotal;
    private transient Counter encoded;
    private transient Counter rejected;

    /** A batch the model is encoding on the model-call thread. */
    private record InFlight(long number, List<StreamRecord<ImageToEncode>> records, float[] buffer,
                            Future<Encoded> codes) {
    }

    /** A model call's codes and how long it took. */
    private record Encoded(BinaryCode[] codes, long micros) {
    }

    /** Without overlap: the task waits for each model call. */
    public EncodeOperator(EncoderFactory encoders, int batchSize, long flushMillis, OutputTag<DeadLetter> deadLetters) {
        this(encoders, batchSize, flushMillis, false, deadLetters);
    }

    public EncodeOperator(EncoderFactory encoders, int batchSize, long flushMillis, boolean overlap,
                          OutputTag<DeadLetter> deadLetters) {
        if (batchSize < 1 || flushMillis < 1) {
            throw new IllegalArgumentException("batchSize and flushMillis must be >= 1");
        }
        this.encoders = encoders;
        this.batchSize = batchSize;
        this.flushMillis = flushMillis;
        this.overlap = overlap;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open() throws Exception {
        super.open();
        int slots = getContainingTask().getEnvironment().getTaskManagerInfo().getConfiguration()
                .get(TaskManagerOptions.NUM_TASK_SLOTS);
        encoder = encoders.open(TfThreads.shareOf(Math.max(1, slots)));
        if (!encoder.modelId().equals(encoders.modelId()) || encoder.bits() != encoders.bits()) {
            throw new IllegalStateException("loaded model " + encoder.modelId() + " (" + encoder.bits() + " bits) from "
                    + encoders + ", but the job was built with " + encoders.modelId() + " (" + encoders.bits()
                    + " bits): the model changed after the job was built");
        }
        if (!encoder.input().equals(encoders.input())) {
            throw new IllegalStateException("model input " + encoder.input() + " differs from the job's "
                    + encoders.input() + ": the model changed after the job was built");
        }
        floatsPerImage = encoder.input().floatsPerImage();
        batch = new float[batchSize * floatsPerImage];
        blank = new float[floatsPerImage];
        pending = new ArrayList<>(batchSize);
        if (overlap) {
            spare = new float[batch.length];
            String name = "encode-call " + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks();
            modelCalls = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
                return t;
            });
        }
        MetricGroup g = getMetricGroup();
        batchSizes = g.histogram("encodeBatchSize", new DescriptiveStatisticsHistogram(1024));
        modelMicros = g.histogram("modelLatencyMicros", new DescriptiveStatisticsHistogram(1024));
        modelWaitMicros = g.histogram("modelWaitMicros", new DescriptiveStatisticsHistogram(1024));
        modelCallCount = g.counter("modelCalls");
        modelMicrosTotal = g.counter("modelMicrosTotal");
        modelWaitMicrosTotal = g.counter("modelWaitMicrosTotal");
        encoded = g.counter("encodedImages");
        rejected = g.counter("encodeRejects");
    }

    @Override
    public void processElement(StreamRecord<Ingested> element) throws Exception {
        Ingested in = element.getValue();
        if (in instanceof DeleteRequest delete) {
            output.collect(element.replace(delete));
            return;
        }
        ImageToEncode image = (ImageToEncode) in;
        if (image.pixels().length != floatsPerImage) {
            reject(image, JobRejectReason.MODEL_INPUT_MISMATCH, "model " + encoder.modelId() + " takes "
                    + floatsPerImage + " floats per image, got " + image.pixels().length);
            return;
        }
        @SuppressWarnings("unchecked")
        StreamRecord<ImageToEncode> record = (StreamRecord<ImageToEncode>) (StreamRecord<?>) element.copy(image);
        pending.add(record);
        if (pending.size() >= batchSize) {
            flush(false);
        } else if (pending.size() == 1) {
            long batchAtStart = batchNumber;
            flushTimer = afterFlushDelay(() -> {
                if (batchNumber == batchAtStart) {
                    flush(true);
                }
            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush(true);
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush(true);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush(true);
        super.finish();
    }

    @Override
    public void close() throws Exception {
        boolean interrupted = false;
        try {
            if (modelCalls != null) {
                // A model call still running uses the encoder: let it end before the encoder closes. Also
                // when Flink interrupts this thread (cancel, failover): TF-Java's Session.close returns
                // without freeing the session if interrupted while a run is active, a model's native
                // memory lost on every restart.
                modelCalls.shutdown();
                interrupted = awaitModelCalls(TimeUnit.MINUTES.toNanos(1));
            }
        } finally {
            try {
                if (encoder != null) {
                    encoder.close();
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                super.close();
            }
        }
    }

    /** Waits up to {@code nanos} for the model-call thread to end, through interrupts; whether one came. */
    private boolean awaitModelCalls(long nanos) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + nanos;
        while (true) {
            try {
                if (!modelCalls.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    LOG.warn("a model call still runs after one minute; closing the encoder anyway");
                }
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    private ScheduledFuture<?> afterFlushDelay(Runnable action) {
        long due = getProcessingTimeService().getCurrentProcessingTime() + flushMillis;
        return getProcessingTimeService().registerTimer(due, time -> action.run());
    }

    /**
     * Sends everything buffered to the model (no-op when empty) and emits the codes; with
     * {@code overlap} and {@code drain} false, leaves this batch in flight and emits the previous one.
     */
    private void flush(boolean drain) {
        if (pending != null && !pending.isEmpty()) {
            batchNumber++;
            if (flushTimer != null) {
                flushTimer.cancel(false);
                flushTimer = null;
            }
            List<StreamRecord<ImageToEncode>> records = pending;
            int n = records.size();
            for (int i = 0; i < n; i++) {
                System.arraycopy(records.get(i).getValue().pixels(), 0, batch, i * floatsPerImage, floatsPerImage);
            }
            if (modelCalls == null || drain) {
                completeInFlight(); // (with overlap) the previous batch's results go first
                emit(records, encodeNow(records, batch));
                records.clear();
            } else {
                pending = new ArrayList<>(batchSize); // the records travel with the batch in flight
                completeInFlight(); // the previous batch's results go first, and its buffer becomes free
                float[] buffer = batch;
                batch = spare;
                spare = buffer;
                long number = batchNumber;
                inFlight = new InFlight(number, records, buffer, modelCalls.submit(() -> {
                    long start = System.nanoTime();
                    BinaryCode[] codes = encoder.encode(buffer, n);
                    return new Encoded(codes, (System.nanoTime() - start) / 1_000);
                }));
                // Results are emitted within flushMillis even if no further image or watermark comes.
                afterFlushDelay(() -> {
                    if (inFlight != null && inFlight.number() == number) {
                        completeInFlight();
                    }
                });
            }
        }
        if (drain) {
            completeInFlight();
        }
    }

    /** Waits for the batch in flight, if any, and emits its codes. */
    private void completeInFlight() {
        if (inFlight == null) {
            return;
        }
        InFlight f = inFlight;
        inFlight = null;
        BinaryCode[] codes;
        try {
            long waitStart = System.nanoTime();
            Encoded e = f.codes().get();
            long waited = (System.nanoTime() - waitStart) / 1_000;
            modelWaitMicros.update(waited);
            modelWaitMicrosTotal.inc(waited);
            modelCall(f.records().size(), e.micros());
            codes = e.codes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the model encoded a batch (task cancelled)", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            codes = encodeOneByOne(f.records());
        }
        emit(f.records(), codes);
    }

    /** One model call on the task thread; on failure, image by image. */
    private BinaryCode[] encodeNow(List<StreamRecord<ImageToEncode>> records, float[] buffer) {
        int n = records.size();
        try {
            long start = System.nanoTime();
            BinaryCode[] codes = encoder.encode(buffer, n);
            modelCall(n, (System.nanoTime() - start) / 1_000);
            return codes;
        } catch (RuntimeException batchFailure) {
            return encodeOneByOne(records);
        }
    }

    private void modelCall(int images, long micros) {
        batchSizes.update(images);
        modelMicros.update(micros);
        modelCallCount.inc();
        modelMicrosTotal.inc(micros);
    }

    private void emit(List<StreamRecord<ImageToEncode>> records, BinaryCode[] codes) {
        for (int i = 0; i < records.size(); i++) {
            StreamRecord<ImageToEncode> r = records.get(i);
            ImageToEncode image = r.getValue();
            if (codes[i] == null) {
                continue;
            }
            encoded.inc();
            output.collect(new StreamRecord<>(new EncodedImage(image.ref(), image.tenant(), image.id(),
                    image.eventTime(), image.ingestMillis(), encoder.modelId(), codes[i]), r.getTimestamp()));
        }
    }

    /** After a batch failed: isolates the images the model refuses; the others still get codes. */
    private BinaryCode[] encodeOneByOne(List<StreamRecord<ImageToEncode>> records) {
        int n = records.size();
        BinaryCode[] codes = new BinaryCode[n];
        for (int i = 0; i < n; i++) {
            ImageToEncode image = records.get(i).getValue();
            try {
                codes[i] = encodeOne(image);
            } catch (RuntimeException e) {
                codes[i] = retryOnceTheModelWorks(image, e);
            }
        }
        return codes;
    }

    private BinaryCode encodeOne(ImageToEncode image) {
        long start = System.nanoTime();
        BinaryCode code = encoder.encode(image.pixels(), 1)[0];
        modelCall(1, (System.nanoTime() - start) / 1_000);
        return code;
    }

    /**
     * The model failed on this image alone. Fails the task if it fails on a blank input too; otherwise
     * tries the image once more (a passing fault gets its code) and dead-letters it if it fails again.
     */
    private BinaryCode retryOnceTheModelWorks(ImageToEncode image, RuntimeException failure) {
        try {
            encoder.encode(blank, 1);
        } catch (RuntimeException broken) {
            broken.addSuppressed(failure);
            throw new IllegalStateException("model " + encoder.modelId() + " failed on image " + image.id()
                    + " and on a blank input: the model is broken, not the input", broken);
        }
        try {
            return encodeOne(image);
        } catch (RuntimeException again) {
            reject(image, JobRejectReason.MODEL_FAILED, "model " + encoder.modelId() + " failed: " + again);
            return null;
        }
    }

    private void reject(ImageToEncode image, JobRejectReason reason, String message) {
        rejected.inc();
        EventRef ref = image.ref();
        output.collect(deadLetters, new StreamRecord<>(new DeadLetter(ref.topic(), ref.partition(), ref.offset(),
                image.id(), image.tenant(), reason.code(), message, System.currentTimeMillis(), -1, null)));
    }
}
