package io.hashstream.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hashstream.jobs.kafka.KafkaClientSettings;
import picocli.CommandLine.Option;

/** How the job reaches Kafka: bootstrap servers and pass-through client properties (security included). */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", required = true,
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--kafka", paramLabel = "KEY=VALUE",
            description = {"A Kafka client property for the source, both sinks and topic admin (repeatable), e.g.",
                    "--kafka security.protocol=SASL_SSL --kafka sasl.mechanism=SCRAM-SHA-256.",
                    "Values may reference secrets: ${env:VAR}, ${file:/path}, ${file:/path.properties:key}.",
                    "Flink configuration keys kafka.* (flink run -Dkafka.KEY=VALUE) are read too."})
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--kafka-property-file", paramLabel = "FILE",
            description = "A Java properties file of Kafka client properties (repeatable; --kafka wins).")
    List<Path> propertyFiles = new ArrayList<>();

    /**
     * Settings from, in increasing precedence: {@code kafka.*} keys of the Flink configuration,
     * property files, {@code --kafka} options.
     */
    KafkaClientSettings settings(Map<String, String> flinkConfiguration) {
        KafkaClientSettings.Builder builder = KafkaClientSettings.builder().prefixed(flinkConfiguration);
        propertyFiles.forEach(builder::propertyFile);
        return builder.properties(properties).bootstrapServers(bootstrapServers).build();
    }
}
