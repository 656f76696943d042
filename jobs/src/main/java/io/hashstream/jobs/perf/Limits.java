package io.hashstream.jobs.perf;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.JpegDecode;
import io.hashstream.image.ModelInput;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import io.hashstream.jobs.kafka.KafkaTopics;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.EncoderPrecision;
import io.hashstream.model.SharedEncoders;
import io.hashstream.model.TfThreads;

/**
 * The ceilings a pipeline run is compared with, measured in the same JVM on the same pictures:
 * the encoder alone (preprocessed tensors in memory → codes through the JVM's shared session, with the
 * job's TF pools, from one calling thread and from as many as the job has encode slots), decode and
 * preprocess alone (one thread), and Kafka alone (produce and consume the same bytes through the same
 * broker).
 */
final class Limits {

    /** Timed loops run this long after an equally long warm-up. */
    private final Duration measure;

    Limits(Duration measure) {
        this.measure = measure;
    }

    /**
     * @param callers threads calling the shared session at once
     * @param imagesPerSecond codes per second, all callers together
     * @param microsPerBatch mean model call, as one caller sees it
     * @param requested the precision asked for; {@code precision} is what the CPU ran
     */
    record EncoderLimit(int batchSize, int callers, double imagesPerSecond, double microsPerBatch, String device,
                        EncoderPrecision requested, EncoderPrecision precision) {
    }

    /** Per image, one thread. */
    record ImageLimit(String size, double decodePerSecond, double decodeMicros, double preprocessMicros,
                      double pipelinePerSecond, double dctScaledPerSecond, double meanBytes) {
    }

    record KafkaLimit(String size, int records, double recordsPerSecond, double megabytesPerSecond) {
    }

    /**
     * Encoder alone at each batch size, from one calling thread and then from {@code slots} threads at
     * once (what the job's encode subtasks do); the model is acquired through the JVM-wide share as the
     * job does. The second is the ceiling for the CPU path.
     */
    List<EncoderLimit> encoder(Path modelDir, TfThreads threads, int slots, List<byte[]> jpegs, List<Integer> batchSizes,
                               EncoderPrecision precision) throws ImageRejectedException {
        List<EncoderLimit> out = new ArrayList<>();
        try (SharedEncoders.Lease encoder = SharedEncoders.jvmWide().acquire(modelDir, threads, DevicePreference.AUTO, precision)) {
            ModelInput in = encoder.input();
            ImagePipeline pipeline = new ImagePipeline(in);
            int maxBatch = batchSizes.stream().mapToInt(Integer::intValue).max().orElse(1);
            float[] batch = new float[maxBatch * in.floatsPerImage()];
            for (int i = 0; i < maxBatch; i++) {
                pipeline.toModelInput(jpegs.get(i % jpegs.size()), batch, i * in.floatsPerImage());
            }
            String device = encoder.encoder().device().toString();
            EncoderPrecision effective = encoder.encoder().precision();
            for (int b : batchSizes) {
                for (int callers : slots > 1 ? new int[] {1, slots} : new int[] {1}) {
                    long[] callsAndNanos = concurrently(callers, () -> encoder.encode(batch, b));
                    double seconds = callsAndNanos[1] / 1e9;
                    out.add(new EncoderLimit(b, callers, callsAndNanos[0] * b / seconds,
                            callsAndNanos[1] / 1e3 / callsAndNanos[0] * callers, device, precision, effective));
                }
            }
        }
        return out;
    }

    /** {@code body} on {@code callers} threads after a warm-up of the same length; {calls of all, nanos}. */
    private long[] concurrently(int callers, ThrowingRunnable body) {
        timed(body);
        List<Thread> threads = new ArrayList<>();
        long[][] results = new long[callers][];
        RuntimeException[] failure = new RuntimeException[1];
        for (int c = 0; c < callers; c++) {
            int slot = c;
            Thread t = new Thread(() -> {
                try {
                    results[slot] = timed(body);
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            }, "perf-encoder-alone-" + c);
            threads.add(t);
            t.start();
        }
        long calls = 0;
        long nanos = 0;
        for (int c = 0; c < callers; c++) {
            try {
                threads.get(c).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted measuring the encoder", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        for (long[] r : results) {
            calls += r[0];
            nanos = Math.max(nanos, r[1]);
        }
        return new long[] {calls, nanos};
    }

    /**
     * Decode alone, preprocess alone and both (the job's ingest path) for one size of pictures; both again
     * with {@code jpeg-decode=dct-scaled}.
     */
    ImageLimit image(PerfImages images, ModelInput input) throws ImageRejectedException {
        ImagePipeline pipeline = new ImagePipeline(input);
        ImagePipeline dctScaled = new ImagePipeline(input, JpegDecode.DCT_SCALED);
        List<byte[]> jpegs = images.jpegs();
        List<BufferedImage> decoded = new ArrayList<>();
        for (int i = 0; i < Math.min(64, jpegs.size()); i++) {
            decoded.add(pipeline.decoder().decode(jpegs.get(i)));
        }
        int[] next = {0};
        ThrowingRunnable decode = () -> pipeline.decoder().decode(jpegs.get(next[0]++ % jpegs.size()));
        ThrowingRunnable preprocess = () -> pipeline.toModelInput(decoded.get(next[0]++ % decoded.size()));
        ThrowingRunnable both = () -> pipeline.toModelInput(jpegs.get(next[0]++ % jpegs.size()));
        ThrowingRunnable bothDct = () -> dctScaled.toModelInput(jpegs.get(next[0]++ % jpegs.size()));
        timed(decode);
        long[] d = timed(decode);
        timed(preprocess);
        long[] p = timed(preprocess);
        timed(both);
        long[] a = timed(both);
        timed(bothDct);
        long[] s = timed(bothDct);
        return new ImageLimit(images.label(), d[0] / (d[1] / 1e9), d[1] / 1e3 / d[0], p[1] / 1e3 / p[0],
                a[0] / (a[1] / 1e9), s[0] / (s[1] / 1e9), images.meanBytes());
    }

    /** Produces {@code count} records of the pictures' bytes to a fresh topic while a consumer reads them back. */
    KafkaLimit kafka(KafkaClientSettings settings, PerfImages images, int partitions, int count) throws Exception {
        String topic = "perf-kafka-alone-" + images.label() + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaTopics topics = KafkaTopics.connect(settings)) {
            topics.ensure(KafkaTopics.Spec.of(topic, partitions).withConfig("max.message.bytes", Integer.toString(8 * 1024 * 1024)));
        }
        Properties pp = settings.clientProperties();
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        pp.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
        pp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        pp.put(ProducerConfig.CLIENT_ID_CONFIG, "perf-load-kafka-alone");
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.readCommittedConsumerProperties(),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            consumer.poll(Duration.ofMillis(100));
            long start = System.nanoTime();
            Thread sender = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(), images.jpegs().get(i % images.jpegs().size())));
                }
                producer.flush();
            }, "perf-kafka-alone-producer");
            sender.start();
            int received = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (received < count && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (var r : records) {
                    received++;
                    bytes += r.value().length;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            sender.join();
            return new KafkaLimit(images.label(), received, received / seconds, bytes / 1e6 / seconds);
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Runs {@code body} repeatedly for the measuring time; returns {calls, nanos}. */
    private long[] timed(ThrowingRunnable body) {
        long start = System.nanoTime();
        long end = start + measure.toNanos();
        long calls = 0;
        long now;
        try {
            do {
                body.run();
                calls++;
                now = System.nanoTime();
            } while (now < end);
        } catch (Exception e) {
            throw new IllegalStateException("limit measurement failed", e);
        }
        return new long[] {calls, now - start};
    }
}
