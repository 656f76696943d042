package io.hashstream.jobs.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * How every Kafka client of the job (source, result and dead-letter sinks, topic admin) reaches the
 * cluster: {@code bootstrap.servers} plus any Kafka client property, passed through untouched. TLS and
 * SASL therefore need no code: {@code security.protocol}, {@code sasl.mechanism},
 * {@code sasl.jaas.config}, {@code ssl.truststore.location}, ... go in as settings.
 *
 * <p>Values may reference secrets instead of containing them: {@code ${env:NAME}} is replaced by the
 * environment variable, {@code ${file:/path}} by the file's content (trailing line breaks removed) and
 * {@code ${file:/path:key}} by one key of a properties file (the syntax of Kafka's own file config
 * provider). Secrets never appear in {@link #toString()} or {@link #describe()}: a value is masked when
 * Kafka declares the key a password or the key names a secret.
 */
public final class KafkaClientSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Settings with this prefix in a job configuration are Kafka client properties. */
    public static final String PREFIX = "kafka.";

    static final String MASK = "******";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Pattern SECRET_NAME = Pattern.compile("password|secret|jaas|token|credential|user\\.info|\\.key$");

    private final String bootstrapServers;
    private final Map<String, String> properties;

    private KafkaClientSettings(String bootstrapServers, Map<String, String> properties) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be empty");
        }
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Plain settings: no references are resolved. */
    public static KafkaClientSettings of(String bootstrapServers, Map<String, String> properties) {
        Map<String, String> copy = new LinkedHashMap<>(properties);
        copy.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return new KafkaClientSettings(bootstrapServers, copy);
    }

    public static KafkaClientSettings of(String bootstrapServers) {
        return of(bootstrapServers, Map.of());
    }

    /** Starts collecting settings; {@link Builder#build()} resolves secret references. */
    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The pass-through client properties (without {@code bootstrap.servers}), secrets resolved. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The same settings with more properties on top. */
    public KafkaClientSettings with(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(more);
        return of(bootstrapServers, merged);
    }

    /** Everything a Kafka client needs, including {@code bootstrap.servers}. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** As {@link #clientProperties()}, for consumers reading what the job wrote: committed data only. */
    public Properties readCommittedConsumerProperties() {
        Properties p = clientProperties();
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        clientProperties().forEach((k, v) -> config.put((String) k, v));
        return config;
    }

    /** All settings, sorted, secrets masked: what may be printed or logged. */
    public Map<String, String> describe() {
        Map<String, String> shown = new TreeMap<>();
        shown.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? MASK : v));
        return shown;
    }

    @Override
    public String toString() {
        return "KafkaClientSettings" + describe();
    }

    /** Whether a property's value must never be shown. */
    public static boolean isSecret(String key) {
        for (ConfigDef def : new ConfigDef[] {ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
            ConfigDef.ConfigKey configKey = def.configKeys().get(key);
            if (configKey != null && configKey.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return SECRET_NAME.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** A {@code sasl.jaas.config} value for SCRAM. */
    public static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + jaasQuote(user)
                + " password=" + jaasQuote(password) + ";";
    }

    /** A {@code sasl.jaas.config} value for PLAIN. */
    public static String plainJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=" + jaasQuote(user)
                + " password=" + jaasQuote(password) + ";";
    }

    static String jaasQuote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Replaces {@code ${env:NAME}}, {@code ${file:path}} and {@code ${file:path:key}} in a value. Fails
     * on a reference that cannot be resolved, naming the reference but never a resolved value.
     */
    static String resolve(String value, UnaryOperator<String> environment) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String target = m.group(2);
            String replacement = kind.equals("env") ? fromEnvironment(target, environment) : fromFile(target);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String fromEnvironment(String name, UnaryOperator<String> environment) {
        String v = environment.apply(name);
        if (v == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set (referenced by ${env:" + name + "})");
        }
        return v;
    }

    private static String fromFile(String target) {
        // ${file:/path} is the whole file; ${file:/path:key} one key of a properties file.
        Path whole = Path.of(target);
        if (Files.isRegularFile(whole)) {
            try {
                return Files.readString(whole, StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret file " + whole, e);
            }
        }
        int colon = target.lastIndexOf(':');
        if (colon > 0) {
            Path file = Path.of(target.substring(0, colon));
            String key = target.substring(colon + 1);
            Properties p = loadProperties(file);
            String v = p.getProperty(key);
            if (v == null) {
                throw new IllegalArgumentException("key " + key + " not found in " + file);
            }
            return v;
        }
        throw new IllegalArgumentException("secret file " + whole + " does not exist");
    }

    static Properties loadProperties(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p;
    }

    /** Collects settings from the sources a deployment has: property files, prefixed keys, single options. */
    public static final class Builder {
        private String bootstrapServers;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private UnaryOperator<String> environment = System::getenv;

        private Builder() {
        }

        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        /** One Kafka client property (no prefix), e.g. {@code security.protocol=SASL_SSL}. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> more) {
            properties.putAll(more);
            return this;
        }

        /** A Java properties file of Kafka client properties (no prefix). */
        public Builder propertyFile(Path file) {
            loadProperties(file).forEach((k, v) -> properties.put((String) k, (String) v));
            return this;
        }

        /**
         * The keys of {@code settings} that start with {@link #PREFIX}, prefix removed; other keys are
         * ignored. This is how a Flink configuration or {@code -Dkafka.x=y} options reach the clients.
         */
        public Builder prefixed(Map<String, String> settings) {
            settings.forEach((k, v) -> {
                if (k.startsWith(PREFIX) && k.length() > PREFIX.length()) {
                    properties.put(k.substring(PREFIX.length()), v);
                }
            });
            return this;
        }

        /** Where {@code ${env:NAME}} looks names up (the process environment by default). */
        public Builder environment(UnaryOperator<String> environment) {
            this.environment = Objects.requireNonNull(environment);
            return this;
        }

        public KafkaClientSettings build() {
            Map<String, String> resolved = new LinkedHashMap<>();
            properties.forEach((k, v) -> resolved.put(k, resolve(v, environment)));
            String servers = bootstrapServers;
            String fromProperties = resolved.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
            if (servers == null) {
                servers = fromProperties;
            }
            if (servers == null) {
                throw new IllegalArgumentException("no bootstrap servers given");
            }
            return new KafkaClientSettings(resolve(servers, environment), resolved);
        }
    }
}
