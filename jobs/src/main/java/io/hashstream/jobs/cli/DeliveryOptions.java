package io.hashstream.jobs.cli;

import java.time.Duration;

import org.apache.flink.connector.base.DeliveryGuarantee;

import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.KafkaNames;
import io.hashstream.jobs.kafka.KafkaSinks;
import picocli.CommandLine.Option;

/** How results and dead letters are written. */
final class DeliveryOptions {

    enum Guarantee { EXACTLY_ONCE, AT_LEAST_ONCE }

    @Option(names = "--delivery", paramLabel = "EXACTLY_ONCE|AT_LEAST_ONCE", defaultValue = "EXACTLY_ONCE",
            description = "Sink delivery guarantee (default: ${DEFAULT-VALUE}). Exactly-once results are visible to "
                    + "read_committed consumers after each checkpoint.")
    Guarantee guarantee;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX",
            description = "Stable prefix of the sinks' transactional ids; keep it across restarts, unique per job on a cluster "
                    + "(default: hashstream, plus -RESULTS_TOPIC unless that is 'results'; hashstream-IMAGES_TOPIC+RESULTS_TOPIC "
                    + "unless the images topic is 'images'; each sink appends its name).")
    String transactionalIdPrefix;

    @Option(names = "--transaction-timeout-ms", paramLabel = "MS", defaultValue = "600000",
            description = "transaction.timeout.ms of the sinks; at most the brokers' transaction.max.timeout.ms "
                    + "(15 min by default) (default: ${DEFAULT-VALUE}).")
    long transactionTimeoutMillis;

    /**
     * @param checkpointTimeout the job's checkpoint timeout and {@code tolerableFailedCheckpoints} the
     *     failed checkpoints it tolerates, which its transactions must outlast with the interval
     */
    KafkaSinks.Delivery delivery(JobConfig config, Duration checkpointTimeout, int tolerableFailedCheckpoints) {
        DeliveryGuarantee g = guarantee == Guarantee.EXACTLY_ONCE ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE;
        String prefix = transactionalIdPrefix != null ? transactionalIdPrefix : KafkaNames.defaultTransactionalIdPrefix(config);
        KafkaSinks.Delivery d = new KafkaSinks.Delivery(g, g == DeliveryGuarantee.EXACTLY_ONCE ? prefix : null,
                Duration.ofMillis(transactionTimeoutMillis));
        d.checkAgainst(config, checkpointTimeout, tolerableFailedCheckpoints);
        return d;
    }
}
