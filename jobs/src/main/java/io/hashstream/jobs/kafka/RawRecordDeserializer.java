package io.hashstream.jobs.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.serde.RawRecordSerializer;

/**
 * Keeps everything of a Kafka record: parsing happens downstream, where a failure becomes a dead
 * letter instead of a deserialization error that would fail the source.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(toRawRecord(record));
    }

    static RawRecord toRawRecord(ConsumerRecord<byte[], byte[]> record) {
        List<RawRecord.Header> headers = new ArrayList<>();
        for (Header h : record.headers()) {
            headers.add(new RawRecord.Header(h.key(), h.value()));
        }
        return new RawRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers, record.timestamp());
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return RawRecordSerializer.TYPE;
    }
}
