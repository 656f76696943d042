package io.hashstream.jobs.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and inspects the job's topics through the Admin API. */
public final class KafkaTopics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;

    private KafkaTopics(Admin admin) {
        this.admin = admin;
    }

    public static KafkaTopics connect(KafkaClientSettings settings) {
        return new KafkaTopics(Admin.create(settings.adminConfig()));
    }

    /**
     * A topic to create.
     *
     * @param replicationFactor {@code -1} for the broker default
     * @param configs topic configs such as {@code max.message.bytes}
     */
    public record Spec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        public Spec {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("topic name must not be empty");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
            }
            configs = Map.copyOf(configs);
        }

        public static Spec of(String name, int partitions) {
            return new Spec(name, partitions, (short) -1, Map.of());
        }

        public Spec withConfig(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(configs);
            more.put(key, value);
            return new Spec(name, partitions, replicationFactor, more);
        }

        public Spec withReplicationFactor(short factor) {
            return new Spec(name, partitions, factor, configs);
        }
    }

    /**
     * Creates the topics that do not exist yet. An existing topic is kept as it is (a warning is
     * logged when its partition count differs), so this is safe to call at every start.
     *
     * @return the names of the topics this call created
     */
    public List<String> ensure(Collection<Spec> specs) {
        List<NewTopic> requests = new ArrayList<>();
        for (Spec spec : specs) {
            NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()),
                    spec.replicationFactor() < 0 ? Optional.empty() : Optional.of(spec.replicationFactor()));
            requests.add(topic.configs(spec.configs()));
        }
        CreateTopicsResult result = admin.createTopics(requests);
        List<String> created = new ArrayList<>();
        for (Spec spec : specs) {
            try {
                await(result.values().get(spec.name()));
                created.add(spec.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + spec.name(), e.getCause());
                }
                int existing = partitions(Set.of(spec.name())).get(spec.name());
                if (existing != spec.partitions()) {
                    LOG.warn("topic {} exists with {} partitions ({} requested); keeping it", spec.name(), existing, spec.partitions());
                }
            }
        }
        return created;
    }

    public List<String> ensure(Spec... specs) {
        return ensure(List.of(specs));
    }

    /** Partition count of each topic. */
    public Map<String, Integer> partitions(Collection<String> topics) {
        try {
            Map<String, TopicDescription> descriptions = await(admin.describeTopics(topics).allTopicNames());
            Map<String, Integer> counts = new LinkedHashMap<>();
            descriptions.forEach((name, d) -> counts.put(name, d.partitions().size()));
            return counts;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not describe topics " + topics, e.getCause());
        }
    }

    /**
     * The brokers' {@code transaction.max.timeout.ms}, from one broker's configuration; empty when it
     * cannot be read (no DescribeConfigs permission, say): then only the brokers refuse a longer
     * transaction timeout, when a sink starts its first transaction.
     */
    public Optional<java.time.Duration> transactionMaxTimeout() {
        try {
            Collection<org.apache.kafka.common.Node> nodes = await(admin.describeCluster().nodes());
            if (nodes.isEmpty()) {
                return Optional.empty();
            }
            var broker = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            var entry = await(admin.describeConfigs(List.of(broker)).all()).get(broker).get("transaction.max.timeout.ms");
            return entry == null || entry.value() == null ? Optional.empty()
                    : Optional.of(java.time.Duration.ofMillis(Long.parseLong(entry.value())));
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("could not read the brokers' transaction.max.timeout.ms ({}): not checked before the first transaction",
                    e.toString());
            return Optional.empty();
        }
    }

    public Set<String> list() {
        try {
            return await(admin.listTopics().names());
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list topics", e.getCause());
        }
    }

    public void delete(Collection<String> topics) {
        try {
            await(admin.deleteTopics(topics).all());
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not delete topics " + topics, e.getCause());
        }
    }

    private static <T> T await(KafkaFuture<T> future) throws ExecutionException {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call timed out after " + TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
