package io.hashstream.deploy.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records at a steady rate from its own thread (idempotent, long delivery timeout), so a
 * failure test can act while the stream flows.
 *
 * <p>Around a broker restart the test {@link #pauseSending pauses} it with nothing queued or in flight. A CI
 * run (2026-11-28, kafka-clients 4.2) showed why: batches for one partition created while the broker
 * was down were never sent after it came back and expired after the full delivery timeout, while the
 * other partitions carried on. The topics then still had time retention while the records carry 2023
 * timestamps, so the restarted broker was deleting that partition's log (and the producer's
 * idempotence state with it): the likely cause, fixed in {@link ClusterTestSupport#createTopics}. The
 * pause stays because the drill is about the job: it still goes through the restart with its
 * source, sink transactions and checkpoints live.
 */
final class PacedProducer extends Thread {

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<ProducerRecord<byte[], byte[]>> records;
    private final int perSecond;
    private final AtomicInteger sent = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Map<Integer, String> positions = new ConcurrentHashMap<>();
    /** Held by the sending loop around each send, and by the test thread while paused. */
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicLong pausedNanos = new AtomicLong();
    private long pausedAt;

    PacedProducer(String bootstrap, List<ProducerRecord<byte[], byte[]>> records, int perSecond) {
        super("paced-producer");
        setDaemon(true);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "10485760");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.records = List.copyOf(records);
        this.perSecond = perSecond;
    }

    int total() {
        return records.size();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < records.size(); i++) {
                int index = i;
                sending.lockInterruptibly();
                try {
                    producer.send(records.get(i), (md, ex) -> {
                        if (ex != null) {
                            failures.add("record " + index + ": " + ex);
                        } else {
                            positions.put(index, md.partition() + ":" + md.offset());
                        }
                    });
                    sent.incrementAndGet();
                } finally {
                    sending.unlock();
                }
                long wait = start + pausedNanos.get() + (i + 1) * 1_000_000_000L / perSecond - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            producer.flush();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }

    /**
     * Stops sending and waits until every record sent so far is acknowledged (or failed). Call
     * {@link #resumeSending} from the same thread; the pacing then continues as if the pause had not been.
     */
    void pauseSending() {
        sending.lock();
        pausedAt = System.nanoTime();
        producer.flush();
    }

    void resumeSending() {
        pausedNanos.addAndGet(System.nanoTime() - pausedAt);
        sending.unlock();
    }

    /** Waits until {@code count} records were handed to the client; for the total, until all are acknowledged. */
    void awaitSent(int count) throws InterruptedException {
        while (sent.get() < count) {
            if (!isAlive()) {
                throw new IllegalStateException("the producer stopped after " + sent.get() + " records");
            }
            Thread.sleep(50);
        }
        if (count >= records.size()) {
            join(Duration.ofMinutes(5).toMillis());
        }
    }

    /** Where record {@code index} was written, as {@code partition:offset} (after {@link #awaitSent} of all). */
    String position(int index) {
        return positions.get(index);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }
}
