package io.hashstream.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

    /** A result of an image from 2023, written now. */
    private static final long OLD_EVENT_TIME = 1_700_000_000_000L;

    @Test
    void outputRecordsAreStampedWhenWrittenNotWithTheEventTime() {
        var serialization = new KafkaSinks.JsonSerialization<String>("results", new KafkaSinks.JsonRecord<>() {
            @Override
            public String key(String record) {
                return record;
            }

            @Override
            public byte[] json(String record) {
                return ("{\"id\":\"" + record + "\",\"eventTime\":" + OLD_EVENT_TIME + "}").getBytes(StandardCharsets.UTF_8);
            }
        });

        ProducerRecord<byte[], byte[]> record = serialization.serialize("img-1", null, OLD_EVENT_TIME);

        // null: the producer stamps the record at send time, so time-based retention counts from the write.
        assertThat(record.timestamp()).isNull();
        assertThat(record.topic()).isEqualTo("results");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("img-1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"eventTime\":" + OLD_EVENT_TIME);
        assertThat(record.headers().lastHeader(KafkaSinks.CONTENT_TYPE_HEADER).value())
                .isEqualTo("application/json".getBytes(StandardCharsets.UTF_8));
    }
}
