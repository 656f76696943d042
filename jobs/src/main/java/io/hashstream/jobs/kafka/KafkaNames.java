package io.hashstream.jobs.kafka;

import io.hashstream.jobs.config.JobConfig;

/**
 * The names a job takes on a shared Kafka cluster when none are given: its consumer group and the
 * prefix of its sinks' transactional ids. Both follow the job's topics, so two jobs that read or write
 * different topics never share a group (the second would start at the first's committed offsets and
 * skip input) nor transactional ids (each would fence the other's transactions, and the connector drops
 * a fenced commit: lost results). Transactional ids are one namespace per Kafka cluster, so jobs that
 * read different images topics into one results topic need different prefixes too. The job with the
 * default topics keeps the names of earlier versions, so its restores find the transactions it left open.
 */
public final class KafkaNames {
    private static final String BASE = "hashstream";

    private KafkaNames() {
    }

    /** {@code hashstream-IMAGES}, plus {@code -RESULTS} unless the results topic is the default one. */
    public static String defaultGroupId(JobConfig config) {
        return BASE + "-" + config.imagesTopic() + resultsSuffix(config);
    }

    /**
     * {@code hashstream}, plus {@code -RESULTS} unless the results topic is the default one; with an
     * images topic other than the default, {@code hashstream-IMAGES+RESULTS}. Topic names cannot hold
     * '+', so no two pairs of topics share a prefix.
     */
    public static String defaultTransactionalIdPrefix(JobConfig config) {
        if (!config.imagesTopic().equals(JobConfig.defaults().imagesTopic())) {
            return BASE + "-" + config.imagesTopic() + "+" + config.resultsTopic();
        }
        return BASE + resultsSuffix(config);
    }

    private static String resultsSuffix(JobConfig config) {
        String results = config.resultsTopic();
        return results.equals(JobConfig.defaults().resultsTopic()) ? "" : "-" + results;
    }
}
