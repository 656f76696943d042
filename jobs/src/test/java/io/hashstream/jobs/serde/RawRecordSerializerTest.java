package io.hashstream.jobs.serde;

import io.hashstream.jobs.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

class RawRecordSerializerTest extends SerializerTestBase<RawRecord> {

    @Override
    protected TypeSerializer<RawRecord> createSerializer() {
        return RawRecordSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<RawRecord> getTypeClass() {
        return RawRecord.class;
    }

    @Override
    protected RawRecord[] getTestData() {
        byte[] jpegStart = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2};
        return new RawRecord[] {
            new RawRecord("images", 0, 0L, null, null, List.of(), 0L),
            new RawRecord("images", 3, 123_456_789L, "img-1".getBytes(StandardCharsets.UTF_8), jpegStart,
                    List.of(new RawRecord.Header("tenant", "acme".getBytes(StandardCharsets.UTF_8)),
                            new RawRecord.Header("event-time", "1700000000000".getBytes(StandardCharsets.UTF_8)),
                            new RawRecord.Header("tenant", null)),
                    1_700_000_000_123L),
            new RawRecord("ünïcode-topic", Integer.MAX_VALUE, Long.MAX_VALUE, new byte[0], new byte[0], null, -1L),
            // a header name longer than DataOutput.writeUTF's 65,535 bytes, as a producer may send
            new RawRecord("images", 1, 7L, null, jpegStart, List.of(new RawRecord.Header("ñ".repeat(40_000), new byte[] {1})), 5L),
        };
    }
}
