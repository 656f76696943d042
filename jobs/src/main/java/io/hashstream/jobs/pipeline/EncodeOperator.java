package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.DeadLetter;
import io.hashstream.model.Encoder;
import io.hashstream.model.TfThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
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
 * <p>Nothing buffered is ever in a checkpoint, so nothing can be lost or replayed twice: the batch
 * is flushed before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}), before every
 * watermark is forwarded (so no image falls behind the watermark and becomes late downstream), and
 * at end of input. Deletes pass straight through.
 *
 * <p>An image whose input does not have the model's shape becomes a {@code model.input_mismatch}
 * dead letter; if the model fails on a batch, its images are retried one by one and those that still
 * fail become {@code model.encode_failed} dead letters, so bad input never fails the job.
 */
public final class EncodeOperator extends AbstractStreamOperator<IndexCommand>
        implements OneInputStreamOperator<Ingested, IndexCommand> {
    private static final long serialVersionUID = 1L;

    private final EncoderFactory encoders;
    private final int batchSize;
    private final long flushMillis;
    private final OutputTag<DeadLetter> deadLetters;

    private transient Encoder encoder;
    private transient int floatsPerImage;
    private transient float[] batch;
    private transient List<StreamRecord<ImageToEncode>> pending;
    private transient ScheduledFuture<?> flushTimer;
    private transient long batchNumber;

    private transient Histogram batchSizes;
    private transient Histogram modelMicros;
    private transient Counter encoded;
    private transient Counter rejected;

    public EncodeOperator(EncoderFactory encoders, int batchSize, long flushMillis, OutputTag<DeadLetter> deadLetters) {
        if (batchSize < 1 || flushMillis < 1) {
            throw new IllegalArgumentException("batchSize and flushMillis must be >= 1");
        }
        this.encoders = encoders;
        this.batchSize = batchSize;
        this.flushMillis = flushMillis;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open() throws Exception {
        super.open();
        int slots = getContainingTask().getEnvironment().getTaskManagerInfo().getConfiguration()
                .get(TaskManagerOptions.NUM_TASK_SLOTS);
        encoder = encoders.open(TfThreads.shareOf(Math.max(1, slots)));
        if (!encoder.input().equals(encoders.input())) {
            throw new IllegalStateException("model input " + encoder.input() + " differs from the job's "
                    + encoders.input() + ": the model changed after the job was built");
        }
        floatsPerImage = encoder.input().floatsPerImage();
        batch = new float[batchSize * floatsPerImage];
        pending = new ArrayList<>(batchSize);
        MetricGroup g = getMetricGroup();
        batchSizes = g.histogram("encodeBatchSize", new DescriptiveStatisticsHistogram(1024));
        modelMicros = g.histogram("modelLatencyMicros", new DescriptiveStatisticsHistogram(1024));
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
            flush();
        } else if (pending.size() == 1) {
            long batchAtStart = batchNumber;
            long due = getProcessingTimeService().getCurrentProcessingTime() + flushMillis;
            flushTimer = getProcessingTimeService().registerTimer(due, time -> {
                if (batchNumber == batchAtStart) {
                    flush();
                }
            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (encoder != null) {
                encoder.close();
            }
        } finally {
            super.close();
        }
    }

    /** Encodes and emits everything buffered (no-op when empty). */
    private void flush() {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        batchNumber++;
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        int n = pending.size();
        for (int i = 0; i < n; i++) {
            System.arraycopy(pending.get(i).getValue().pixels(), 0, batch, i * floatsPerImage, floatsPerImage);
        }
        BinaryCode[] codes;
        try {
            long start = System.nanoTime();
            codes = encoder.encode(batch, n);
            modelMicros.update((System.nanoTime() - start) / 1_000);
            batchSizes.update(n);
        } catch (RuntimeException batchFailure) {
            codes = encodeOneByOne(n);
        }
        for (int i = 0; i < n; i++) {
            StreamRecord<ImageToEncode> r = pending.get(i);
            ImageToEncode image = r.getValue();
            if (codes[i] == null) {
                continue;
            }
            encoded.inc();
            output.collect(new StreamRecord<>(new EncodedImage(image.ref(), image.tenant(), image.id(),
                    image.eventTime(), image.ingestMillis(), encoder.modelId(), codes[i]), r.getTimestamp()));
        }
        pending.clear();
    }

    /** After a batch failed: isolates the images the model refuses; the others still get codes. */
    private BinaryCode[] encodeOneByOne(int n) {
        BinaryCode[] codes = new BinaryCode[n];
        for (int i = 0; i < n; i++) {
            ImageToEncode image = pending.get(i).getValue();
            try {
                codes[i] = encoder.encode(image.pixels(), 1)[0];
                batchSizes.update(1);
            } catch (RuntimeException e) {
                reject(image, JobRejectReason.MODEL_FAILED, "model " + encoder.modelId() + " failed: " + e);
            }
        }
        return codes;
    }

    private void reject(ImageToEncode image, JobRejectReason reason, String message) {
        rejected.inc();
        EventRef ref = image.ref();
        output.collect(deadLetters, new StreamRecord<>(new DeadLetter(ref.topic(), ref.partition(), ref.offset(),
                image.id(), image.tenant(), reason.code(), message, System.currentTimeMillis(), -1, null)));
    }
}
