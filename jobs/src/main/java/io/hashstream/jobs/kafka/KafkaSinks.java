package io.hashstream.jobs.kafka;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import io.hashstream.jobs.config.JobConfig;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Kafka sinks for the job's outputs (results, dead letters): one JSON document per record, keyed by
 * the event id, written exactly once by default.
 *
 * <p>Exactly-once writes go through Kafka transactions committed on Flink checkpoints, so results
 * become visible to {@code read_committed} consumers one checkpoint interval after they are produced.
 * Two settings matter: a transactional id prefix that stays the same across restarts of the same job
 * (the sink uses it to find and abort the transactions a failed attempt left open) and is different for
 * every sink and every job sharing the cluster; and {@code transaction.timeout.ms}, which must be at
 * most the broker's {@code transaction.max.timeout.ms} (15 min by default) — the connector's own default
 * of 1 h is refused by a default broker — and longer than a transaction can wait for its commit
 * ({@link Delivery#longestWaitForCommit}).
 */
public final class KafkaSinks {

    /** Well below the default broker maximum of 15 min, well above any checkpoint interval we use. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /** Header naming the payload's media type, so non-Java consumers need not guess. */
    public static final String CONTENT_TYPE_HEADER = "content-type";

    /** Topic names' characters, and '+', which topic names cannot hold (see {@link KafkaNames}). */
    private static final Pattern PREFIX_CHARS = Pattern.compile("[A-Za-z0-9._+-]+");

    /**
     * Time allowed for a restart between a completed checkpoint and its commit (failure detection,
     * restart delay, state restore): the committer commits the checkpoint's transactions after it.
     */
    public static final Duration RESTART_ALLOWANCE = Duration.ofMinutes(1);

    private KafkaSinks() {
    }

    /**
     * How a sink delivers.
     *
     * @param guarantee {@code EXACTLY_ONCE} (default) or {@code AT_LEAST_ONCE}
     * @param transactionalIdPrefix stable prefix of the sink's transactional ids (exactly-once only)
     * @param transactionTimeout {@code transaction.timeout.ms} of the sink's producers
     */
    public record Delivery(DeliveryGuarantee guarantee, String transactionalIdPrefix, Duration transactionTimeout)
            implements Serializable {

        public Delivery {
            Objects.requireNonNull(guarantee, "guarantee");
            Objects.requireNonNull(transactionTimeout, "transactionTimeout");
            if (guarantee == DeliveryGuarantee.NONE) {
                throw new IllegalArgumentException("delivery guarantee NONE would lose results; use AT_LEAST_ONCE or EXACTLY_ONCE");
            }
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
                    && (transactionalIdPrefix == null || !PREFIX_CHARS.matcher(transactionalIdPrefix).matches())) {
                throw new IllegalArgumentException("exactly-once needs a transactional id prefix of [A-Za-z0-9._+-], got '"
                        + transactionalIdPrefix + "'");
            }
            // No upper bound here: brokers set their own transaction.max.timeout.ms (15 min by default, often
            // raised for long checkpoint intervals) and refuse a longer timeout at the first transaction.
            if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
                throw new IllegalArgumentException("transaction timeout must be positive, got " + transactionTimeout);
            }
        }

        /**
         * Refuses settings under which exactly-once cannot commit: no checkpoints (nothing would ever
         * be committed, and the broker would abort every transaction), or a transaction timeout that a
         * transaction can outlast while it waits for its commit ({@link #longestWaitForCommit}). The
         * broker aborts such a transaction, and the connector then drops its commit with a warning:
         * results and dead letters lost while the input offsets move on.
         */
        public void checkAgainst(JobConfig config, Duration checkpointTimeout, int tolerableFailedCheckpoints) {
            if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
                return;
            }
            if (config.checkpointIntervalMillis() <= 0) {
                throw new IllegalArgumentException("exactly-once delivery commits results at checkpoints: set "
                        + JobConfig.CHECKPOINT_INTERVAL_MS + " > 0, or deliver AT_LEAST_ONCE");
            }
            Duration needed = longestWaitForCommit(Duration.ofMillis(config.checkpointIntervalMillis()), checkpointTimeout,
                    tolerableFailedCheckpoints);
            if (transactionTimeout.compareTo(needed) <= 0) {
                throw new IllegalArgumentException("transaction timeout " + transactionTimeout + " must exceed " + needed
                        + ", the longest a transaction can wait for its commit: max(checkpoint interval, checkpoint timeout)"
                        + " x (tolerable failed checkpoints " + tolerableFailedCheckpoints + " + 1) + checkpoint timeout + "
                        + RESTART_ALLOWANCE + " for a restart. Raise --transaction-timeout-ms (and the brokers'"
                        + " transaction.max.timeout.ms), or shorten the checkpoint timeout or interval");
            }
        }

        /**
         * Refuses a transaction timeout above the brokers' {@code transaction.max.timeout.ms}: the
         * brokers would refuse the sink's first transaction, and the job would restart over and over.
         */
        public void checkAgainstBrokers(Duration brokersMaxTimeout) {
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && transactionTimeout.compareTo(brokersMaxTimeout) > 0) {
                throw new IllegalArgumentException("transaction timeout " + transactionTimeout + " is above the brokers'"
                        + " transaction.max.timeout.ms (" + brokersMaxTimeout + "): they would refuse the first"
                        + " transaction. Raise the brokers' maximum, or lower --transaction-timeout-ms together with the"
                        + " checkpoint timeout or interval it must outlast");
            }
        }

        /**
         * How long a transaction can stay open before its commit. It starts at the first record after
         * checkpoint N-1's barrier, at the earliest when N-1 is triggered, and is committed when
         * checkpoint N completes. One checkpoint runs at a time, so N is triggered at most the longer of
         * the interval and N-1's timeout after N-1, and completes at most its timeout later. Each failed
         * checkpoint the job tolerates hands the transaction on to the next (the longer of the two
         * again), and a restart between a completed checkpoint and its commit adds
         * {@link #RESTART_ALLOWANCE}.
         */
        public static Duration longestWaitForCommit(Duration checkpointInterval, Duration checkpointTimeout,
                                                    int tolerableFailedCheckpoints) {
            Duration between = checkpointInterval.compareTo(checkpointTimeout) > 0 ? checkpointInterval : checkpointTimeout;
            return between.multipliedBy(Math.max(0, tolerableFailedCheckpoints) + 1L)
                    .plus(checkpointTimeout).plus(RESTART_ALLOWANCE);
        }

        public static Delivery exactlyOnce(String transactionalIdPrefix) {
            return new Delivery(DeliveryGuarantee.EXACTLY_ONCE, transactionalIdPrefix, DEFAULT_TRANSACTION_TIMEOUT);
        }

        public static Delivery atLeastOnce() {
            return new Delivery(DeliveryGuarantee.AT_LEAST_ONCE, null, DEFAULT_TRANSACTION_TIMEOUT);
        }

        public Delivery withTransactionTimeout(Duration timeout) {
            return new Delivery(guarantee, transactionalIdPrefix, timeout);
        }

        /** The same delivery for another sink of the job: its own transactional ids. */
        public Delivery forSink(String sinkName) {
            return guarantee == DeliveryGuarantee.EXACTLY_ONCE
                    ? new Delivery(guarantee, transactionalIdPrefix + "-" + sinkName, transactionTimeout)
                    : this;
        }
    }

    /** Turns an output record into its Kafka key (the event id) and JSON value. */
    public interface JsonRecord<T> extends Serializable {
        String key(T record);

        byte[] json(T record);
    }

    /**
     * A sink writing each record to {@code topic} with key {@link JsonRecord#key} (UTF-8) and value
     * {@link JsonRecord#json}. All client settings (security included) come from {@code settings}.
     */
    public static <T> KafkaSink<T> json(KafkaClientSettings settings, String topic, Delivery delivery, JsonRecord<T> format) {
        Objects.requireNonNull(topic, "topic");
        var builder = KafkaSink.<T>builder()
                .setKafkaProducerConfig(settings.clientProperties())
                .setBootstrapServers(settings.bootstrapServers())
                .setDeliveryGuarantee(delivery.guarantee())
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(delivery.transactionTimeout().toMillis()))
                .setRecordSerializer(new JsonSerialization<>(topic, format));
        if (delivery.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(delivery.transactionalIdPrefix());
        }
        return builder.build();
    }

    /**
     * Output records carry no timestamp of their own, so the producer stamps them with the time they
     * are written. Passing the element's Flink timestamp (the event's time) instead would make a
     * backfill of old images write results that the topic's time-based retention (7 days by default)
     * deletes as soon as their segment rolls: results lost without an error. The event time is in the
     * JSON payload.
     */
    static final class JsonSerialization<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private static final byte[] JSON = "application/json".getBytes(StandardCharsets.UTF_8);

        private final String topic;
        private final JsonRecord<T> format;

        JsonSerialization(String topic, JsonRecord<T> format) {
            this.topic = topic;
            this.format = Objects.requireNonNull(format, "format");
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            String key = format.key(element);
            RecordHeaders headers = new RecordHeaders();
            headers.add(new RecordHeader(CONTENT_TYPE_HEADER, JSON));
            return new ProducerRecord<>(topic, null, null,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), format.json(element), headers);
        }
    }
}
