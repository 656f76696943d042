package io.hashstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardMessageTest {

    private static ShardMessage insert(String requestKey) {
        return new ShardMessage(ShardMessage.Kind.PROBE_INSERT, "bucket", 0,
                new Probe(requestKey, "t", "a", 10, 0L, "model", BinaryCode.ofWords(64, new long[] {1L}), 1));
    }

    @Test
    void copiesOfOneIdAtOneTimeGoInOffsetOrderWithinAPartition() {
        // As strings "@10" sorts before "@9"; the id registry sees the copies in offset order.
        List<ShardMessage> messages = new ArrayList<>(List.of(insert("images-0@10"), insert("images-0@9"),
                insert("images-0@100"), insert("images-0@11")));
        messages.sort(ShardMessage.ORDER);
        assertThat(messages).extracting(m -> m.probe().requestKey())
                .containsExactly("images-0@9", "images-0@10", "images-0@11", "images-0@100");
    }
}
