package io.hashstream.deploy.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A small near-duplicate job for the cluster failure test, Kafka to Kafka exactly once: each input
 * {@code id,key,code} (code: 64-bit hex) yields {@code id|m1,m2,...}, the earlier inputs of the same key
 * (in Kafka order) whose codes are within Hamming radius 3. Its answers depend only on per-key input
 * order and keyed state, so a correct recovery (checkpoint restore, savepoint restore with another
 * parallelism) reproduces them exactly. Arguments: bootstrap servers, input topic, output topic.
 */
public final class RecoveryProbeJob {

    static final int RADIUS = 3;

    private RecoveryProbeJob() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(args[1])
                .setGroupId("recovery-probe")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        Properties producer = new Properties();
        // At most the broker's transaction.max.timeout.ms; long enough to outlast a broker restart.
        producer.setProperty("transaction.timeout.ms", "300000");
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("recovery-probe")
                .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(args[2])
                        .setValueSerializationSchema(new SimpleStringSchema()).build())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events")
                .keyBy(line -> line.split(",")[1])
                .process(new NearCodes()).uid("near-codes")
                .sinkTo(sink).uid("results");
        env.execute("recovery-probe");
    }

    /** Keeps every (id, code) of its key; answers each input with the earlier ones within the radius. */
    static final class NearCodes extends KeyedProcessFunction<String, String, String> {
        private transient ListState<String> seen;

        @Override
        public void open(OpenContext ctx) {
            seen = getRuntimeContext().getListState(new ListStateDescriptor<>("seen", String.class));
        }

        @Override
        public void processElement(String line, Context ctx, Collector<String> out) throws Exception {
            String[] f = line.split(",");
            long code = Long.parseUnsignedLong(f[2], 16);
            List<String> matches = new ArrayList<>();
            for (String s : seen.get()) {
                int colon = s.indexOf(':');
                if (Long.bitCount(code ^ Long.parseUnsignedLong(s.substring(colon + 1), 16)) <= RADIUS) {
                    matches.add(s.substring(0, colon));
                }
            }
            seen.add(f[0] + ":" + f[2]);
            out.collect(f[0] + "|" + String.join(",", matches));
        }
    }
}
