package io.hashstream.jobs.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker + controller) running inside this JVM, for the
 * one-command demo and for integration tests.
 *
 * <p>Three listeners on random loopback ports: {@code CLIENT} (what {@link #bootstrapServers()}
 * returns; plaintext, SASL_PLAINTEXT or SSL as configured), {@code INTERNAL} (plaintext, used by the
 * broker to talk to itself, so inter-broker traffic never needs the client credentials) and
 * {@code CONTROLLER}. Internal topics use replication factor 1 so that transactions and consumer
 * groups work on one node. The log directory is formatted with
 * {@link Formatter} (SCRAM users are written into the bootstrap metadata there) and deleted on
 * {@link #close()}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** The broker's default {@code transaction.max.timeout.ms}; transactional producers must stay at or below it. */
    public static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofMinutes(15);

    private static final int NODE_ID = 1;
    private static final String CLIENT = "CLIENT";
    private static final String INTERNAL = "INTERNAL";
    private static final String CONTROLLER = "CONTROLLER";

    private final Path directory;
    private final boolean ownsDirectory;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Map<String, String> clientSecurity;
    private final String internalBootstrapServers;
    private boolean closed;

    private EmbeddedKafkaBroker(Path directory, boolean ownsDirectory, KafkaRaftServer server, String bootstrapServers,
                                String internalBootstrapServers, Map<String, String> clientSecurity) {
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.internalBootstrapServers = internalBootstrapServers;
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    /** A plaintext broker with default settings. */
    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** host:port of the client listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Client properties that reach the client listener as an administrator: {@code bootstrap.servers}
     * plus, for a secured listener, the security settings of the broker's admin user. Tests use it to
     * create topics and read results; the job gets its own settings through {@link KafkaClientSettings}.
     */
    public Map<String, String> adminClientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.putAll(clientSecurity);
        return properties;
    }

    /** host:port of the always-plaintext internal listener (the broker's own inter-broker traffic). */
    public String internalBootstrapServers() {
        return internalBootstrapServers;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
            LOG.info("embedded Kafka {} stopped in {} ms", bootstrapServers, (System.nanoTime() - start) / 1_000_000);
        } finally {
            if (ownsDirectory) {
                try {
                    Utils.delete(directory.toFile());
                } catch (IOException e) {
                    LOG.warn("could not delete {}", directory, e);
                }
            }
        }
    }

    /** Which security protocol the client listener speaks. */
    public enum ClientProtocol { PLAINTEXT, SASL_PLAINTEXT, SSL }

    public static final class Builder {
        private ClientProtocol protocol = ClientProtocol.PLAINTEXT;
        private final Map<String, String> plainUsers = new LinkedHashMap<>();
        private final Map<String, String> scramUsers = new LinkedHashMap<>();
        private Path keyStore;
        private String keyStorePassword;
        private String keyStoreType = "PKCS12";
        private Path trustStore;
        private String trustStorePassword;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Path directory;

        private Builder() {
        }

        /**
         * Client listener with SASL over plaintext, mechanisms PLAIN and SCRAM-SHA-256. {@code admin}
         * becomes a user of both mechanisms and is what {@link #adminClientProperties()} logs in as.
         */
        public Builder saslPlaintext(String adminUser, String adminPassword) {
            protocol = ClientProtocol.SASL_PLAINTEXT;
            plainUsers.put(adminUser, adminPassword);
            scramUsers.put(adminUser, adminPassword);
            return this;
        }

        /** A user for SASL/PLAIN (stored in the listener's JAAS config). */
        public Builder plainUser(String name, String password) {
            plainUsers.put(name, password);
            return this;
        }

        /** A user for SASL/SCRAM-SHA-256 (stored as a SCRAM credential in the cluster metadata). */
        public Builder scramUser(String name, String password) {
            scramUsers.put(name, password);
            return this;
        }

        /**
         * Client listener with TLS. The key store holds the broker's key and certificate (its subject
         * alternative names must include 127.0.0.1); the trust store is what admin clients use.
         */
        public Builder ssl(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
            protocol = ClientProtocol.SSL;
            this.keyStore = Objects.requireNonNull(keyStore);
            this.keyStorePassword = Objects.requireNonNull(keyStorePassword);
            this.trustStore = Objects.requireNonNull(trustStore);
            this.trustStorePassword = Objects.requireNonNull(trustStorePassword);
            return this;
        }

        /** Any broker setting, applied last. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Where the logs go (kept on close); by default a fresh temporary directory deleted on close. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        public EmbeddedKafkaBroker start() {
            // Free ports are found by binding port 0 and releasing it; another process can grab one in
            // between, so a failed start is retried with new ports.
            RuntimeException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return startOnce();
                } catch (PortTakenException e) {
                    last = e;
                    LOG.info("port taken while starting the embedded broker, retrying with new ports");
                }
            }
            throw last;
        }

        private EmbeddedKafkaBroker startOnce() {
            boolean ownsDirectory = directory == null;
            Path dir;
            try {
                dir = ownsDirectory ? Files.createTempDirectory("hashstream-kafka-") : Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int[] ports = freePorts(3);
            String host = "127.0.0.1";
            String client = host + ":" + ports[0];
            String internal = host + ":" + ports[1];
            String controller = host + ":" + ports[2];
            Map<String, String> config = brokerConfig(dir.resolve("logs"), client, internal, controller);
            KafkaConfig kafkaConfig = new KafkaConfig(config, false);
            KafkaRaftServer server = null;
            long start = System.nanoTime();
            try {
                format(kafkaConfig, dir.resolve("logs"));
                server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
                server.startup();
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, ownsDirectory, server, client, internal, clientSecurity());
                awaitReady(internal);
                warmUpTransactions(internal);
                LOG.info("embedded Kafka {} ({}) ready in {} ms, logs in {}", client, protocol,
                        (System.nanoTime() - start) / 1_000_000, dir);
                return broker;
            } catch (RuntimeException e) {
                if (server != null) {
                    try {
                        server.shutdown();
                        server.awaitShutdown();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                if (ownsDirectory) {
                    try {
                        Utils.delete(dir.toFile());
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                if (isBindFailure(e)) {
                    throw new PortTakenException(e);
                }
                throw e;
            }
        }

        private Map<String, String> brokerConfig(Path logs, String client, String internal, String controller) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("process.roles", "broker,controller");
            c.put("node.id", Integer.toString(NODE_ID));
            c.put("controller.quorum.voters", NODE_ID + "@" + controller);
            c.put("controller.listener.names", CONTROLLER);
            c.put("listeners", CLIENT + "://" + client + "," + INTERNAL + "://" + internal + "," + CONTROLLER + "://" + controller);
            c.put("advertised.listeners", CLIENT + "://" + client + "," + INTERNAL + "://" + internal);
            c.put("listener.security.protocol.map",
                    CLIENT + ":" + protocol.name() + "," + INTERNAL + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
            c.put("inter.broker.listener.name", INTERNAL);
            c.put("log.dirs", logs.toString());
            c.put("num.partitions", "1");
            c.put("auto.create.topics.enable", "false");
            // One node: every internal topic must be satisfiable with a single replica.
            c.put("offsets.topic.replication.factor", "1");
            c.put("offsets.topic.num.partitions", "4");
            c.put("transaction.state.log.replication.factor", "1");
            c.put("transaction.state.log.min.isr", "1");
            c.put("transaction.state.log.num.partitions", "4");
            c.put("share.coordinator.state.topic.replication.factor", "1");
            c.put("share.coordinator.state.topic.min.isr", "1");
            c.put("transaction.max.timeout.ms", Long.toString(TRANSACTION_MAX_TIMEOUT.toMillis()));
            c.put("group.initial.rebalance.delay.ms", "0");
            c.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
            // Room for raw image values (the client default is 1 MiB).
            c.put("message.max.bytes", Integer.toString(8 * 1024 * 1024));
            switch (protocol) {
                case PLAINTEXT -> { }
                case SASL_PLAINTEXT -> {
                    String prefix = "listener.name." + CLIENT.toLowerCase() + ".";
                    c.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256");
                    c.put(prefix + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256");
                    StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
                    plainUsers.forEach((user, password) -> plain.append(" user_").append(user).append("=").append(KafkaClientSettings.jaasQuote(password)));
                    c.put(prefix + "plain.sasl.jaas.config", plain.append(';').toString());
                    c.put(prefix + "scram-sha-256.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                }
                case SSL -> {
                    String prefix = "listener.name." + CLIENT.toLowerCase() + ".";
                    c.put(prefix + "ssl.keystore.location", keyStore.toString());
                    c.put(prefix + "ssl.keystore.password", keyStorePassword);
                    c.put(prefix + "ssl.key.password", keyStorePassword);
                    c.put(prefix + "ssl.keystore.type", keyStoreType);
                    c.put(prefix + "ssl.client.auth", "none");
                }
            }
            c.putAll(overrides);
            return c;
        }

        private void format(KafkaConfig config, Path logs) {
            List<String> scram = new ArrayList<>();
            scramUsers.forEach((user, password) -> scram.add("SCRAM-SHA-256=[name=" + user + ",password=" + password + "]"));
            Formatter formatter = new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(logs.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .addDirectory(logs.toString())
                    .setScramArguments(scram);
            try {
                formatter.run();
            } catch (Exception e) {
                throw new IllegalStateException("could not format " + logs, e);
            }
        }

        /** Client settings for the admin user on the client listener. */
        private Map<String, String> clientSecurity() {
            Map<String, String> s = new LinkedHashMap<>();
            switch (protocol) {
                case PLAINTEXT -> { }
                case SASL_PLAINTEXT -> {
                    Map.Entry<String, String> admin = scramUsers.entrySet().iterator().next();
                    s.put("security.protocol", "SASL_PLAINTEXT");
                    s.put("sasl.mechanism", "SCRAM-SHA-256");
                    s.put("sasl.jaas.config", KafkaClientSettings.scramJaasConfig(admin.getKey(), admin.getValue()));
                }
                case SSL -> {
                    s.put("security.protocol", "SSL");
                    s.put("ssl.truststore.location", trustStore.toString());
                    s.put("ssl.truststore.password", trustStorePassword);
                    s.put("ssl.truststore.type", keyStoreType);
                }
            }
            return s;
        }
    }

    /** Waits until the broker answers metadata requests and has registered itself (unfenced). */
    private static void awaitReady(String internal) {
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, internal,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded broker did not become ready", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded broker did not become ready");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        }
    }

    /**
     * Runs one empty transaction: the broker creates and loads its transaction state topic on first
     * use, and a bounded Flink job with an exactly-once sink that finishes while that is still going on
     * can leave its last transaction uncommitted, hiding everything behind it from read_committed
     * readers until the transaction times out. Seen with the first job on a fresh broker.
     */
    private static void warmUpTransactions(String internal) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, internal,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-warm-up");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.commitTransaction();
        }
    }

    private static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own; nothing to recover
                }
            }
        }
        return ports;
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static final class PortTakenException extends RuntimeException {
        PortTakenException(Throwable cause) {
            super(cause);
        }
    }
}
