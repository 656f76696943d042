package io.hashstream.jobs.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A minimal Flink job over the job's own Kafka plumbing ({@link KafkaSources}, {@link KafkaSinks},
 * {@link KafkaClientSettings}): reads {@code key/value} strings, upper-cases the value and writes
 * {@code {"id":key,"value":VALUE}} keyed by id. Lets the Kafka layer be tested on a real MiniCluster
 * independently of the near-duplicate pipeline.
 */
final class CopyJob {

    private CopyJob() {
    }

    /** Runs to the end of the input topic (bounded) with checkpoints every 200 ms, then returns. */
    static void run(KafkaClientSettings settings, String input, String output, KafkaSinks.Delivery delivery) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.fromSource(KafkaSources.source(settings, List.of(input), "copy-" + input, KafkaSources.Bounds.UP_TO_LATEST,
                                new KeyValueDeserializer()),
                        KafkaSources.watermarks(Duration.ofMillis(100), Duration.ZERO), "in")
                .map(CopyJob::upperCaseValue).returns(Types.STRING)
                .sinkTo(KafkaSinks.json(settings, output, delivery, new IdValueJson()));
        env.execute("copy " + input + " -> " + output);
    }

    static String upperCaseValue(String kv) {
        int split = kv.indexOf('\u0000') + 1;
        return kv.substring(0, split) + kv.substring(split).toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code key + "\u0000" + value}. */
    static final class KeyValueDeserializer implements KafkaRecordDeserializationSchema<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out) {
            out.collect(new String(record.key(), StandardCharsets.UTF_8) + "\u0000"
                    + new String(record.value(), StandardCharsets.UTF_8));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    static final class IdValueJson implements KafkaSinks.JsonRecord<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String key(String kv) {
            return kv.substring(0, kv.indexOf('\u0000'));
        }

        @Override
        public byte[] json(String kv) {
            String value = kv.substring(kv.indexOf('\u0000') + 1);
            return ("{\"id\":\"" + key(kv) + "\",\"value\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
