package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.serde.RawRecordSerializer;

class RawRecordDeserializerTest {

    @Test
    void keepsEverythingOfTheKafkaRecord() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("tenant", bytes("t1")));
        headers.add(new RecordHeader("tenant", bytes("t2")));
        headers.add(new RecordHeader("empty", null));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("images", 3, 42L, 1_700_000_000_123L,
                TimestampType.CREATE_TIME, 2, 4, bytes("id-1"), new byte[] {1, 2, 3, 4}, headers, Optional.empty());

        List<RawRecord> out = new ArrayList<>();
        new RawRecordDeserializer().deserialize(record, collector(out));

        assertThat(out).containsExactly(new RawRecord("images", 3, 42L, bytes("id-1"), new byte[] {1, 2, 3, 4},
                List.of(new RawRecord.Header("tenant", bytes("t1")), new RawRecord.Header("tenant", bytes("t2")),
                        new RawRecord.Header("empty", null)),
                1_700_000_000_123L));
        assertThat(out.get(0).lastHeader("tenant")).contains(bytes("t2"));
    }

    @Test
    void keepsNullKeysAndTombstones() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("images", 0, 7L, null, null);
        List<RawRecord> out = new ArrayList<>();
        new RawRecordDeserializer().deserialize(record, collector(out));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.key()).isNull();
            assertThat(r.value()).isNull();
            assertThat(r.headers()).isEmpty();
        });
    }

    @Test
    void producesTheJobsExplicitType() {
        assertThat(new RawRecordDeserializer().getProducedType()).isSameAs(RawRecordSerializer.TYPE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> Collector<T> collector(List<T> out) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        };
    }
}
