package io.hashstream.jobs.serde;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.DeadLetter;
import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;
import io.hashstream.jobs.pipeline.DeleteRequest;
import io.hashstream.jobs.pipeline.EncodedImage;
import io.hashstream.jobs.pipeline.EventRef;
import io.hashstream.jobs.pipeline.GatherProgress;
import io.hashstream.jobs.pipeline.ImageToEncode;
import io.hashstream.jobs.pipeline.IndexCommand;
import io.hashstream.jobs.pipeline.Ingested;
import io.hashstream.jobs.pipeline.PostingList;
import io.hashstream.jobs.pipeline.Probe;
import io.hashstream.jobs.pipeline.Registration;
import io.hashstream.jobs.pipeline.ShardAnswer;
import io.hashstream.jobs.pipeline.ShardMessage;
import java.util.List;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Nested;

/** Flink's own serializer test suite (round trips, copies, snapshots, duplication) for every hot-path type. */
class HotPathSerializersTest {
    static final BinaryCode C64 = BinaryCode.fromHex("0123456789abcdef");
    static final BinaryCode C256 = BinaryCode.fromHex("f".repeat(64));
    static final EventRef REF = new EventRef("images", 7, 123_456L);
    static final Probe PROBE = new Probe(REF.key(), "acme", "img-1", 1_700_000_000_000L, 42L, "m-1", C64, 3);
    static final Probe WIDE = new Probe("x-0@0", "ténant", "ïd", -5L, 0L, "m", C256, 0);

    abstract static class Base<T> extends SerializerTestBase<T> {
        private final TypeSerializer<T> serializer;
        private final Class<T> type;
        private final T[] data;

        Base(TypeSerializer<T> serializer, Class<T> type, T[] data) {
            this.serializer = serializer;
            this.type = type;
            this.data = data;
        }

        @Override
        protected TypeSerializer<T> createSerializer() {
            return serializer;
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<T> getTypeClass() {
            return type;
        }

        @Override
        protected T[] getTestData() {
            return data;
        }
    }

    @Nested
    class ShardMessages extends Base<ShardMessage> {
        ShardMessages() {
            super(ShardMessageSerializer.INSTANCE, ShardMessage.class, new ShardMessage[] {
                new ShardMessage(ShardMessage.Kind.PROBE_INSERT, ShardMessage.shardKey("acme", "m-1", 3, 0xffL), 3, PROBE),
                new ShardMessage(ShardMessage.Kind.DELETE, "k", 0, WIDE),
                new ShardMessage(ShardMessage.Kind.INSERT, "", 63, PROBE),
            });
        }
    }

    @Nested
    class ShardAnswers extends Base<ShardAnswer> {
        ShardAnswers() {
            super(ShardAnswerSerializer.INSTANCE, ShardAnswer.class, new ShardAnswer[] {
                new ShardAnswer(PROBE, List.of()),
                new ShardAnswer(WIDE, List.of(new Match("a", 0, 1L), new Match("b", 12, -3L))),
            });
        }
    }

    @Nested
    class Gather extends Base<GatherProgress> {
        Gather() {
            super(GatherProgressSerializer.INSTANCE, GatherProgress.class, new GatherProgress[] {
                new GatherProgress(PROBE, 1, List.of(new Match("a", 2, 5L))),
                new GatherProgress(WIDE, 0, List.of()),
            });
        }
    }

    @Nested
    class Registrations extends Base<Registration> {
        Registrations() {
            super(RegistrationSerializer.INSTANCE, Registration.class, new Registration[] {
                new Registration("m-1", C64, 10L), new Registration("m-2", C256, Long.MIN_VALUE),
            });
        }
    }

    @Nested
    class IngestedValues extends Base<Ingested> {
        IngestedValues() {
            super(IngestedSerializer.INSTANCE, Ingested.class, new Ingested[] {
                new ImageToEncode(REF, "acme", "img-1", 5L, 6L, new float[] {0f, 0.5f, 1f, -1f}),
                new DeleteRequest(REF, "acme", "img-1", 9L),
                new ImageToEncode(REF, "t", "empty", 0L, 0L, new float[0]),
            });
        }
    }

    @Nested
    class IndexCommands extends Base<IndexCommand> {
        IndexCommands() {
            super(IndexCommandSerializer.INSTANCE, IndexCommand.class, new IndexCommand[] {
                new EncodedImage(REF, "acme", "img-1", 5L, 6L, "m-1", C64),
                new DeleteRequest(REF, "acme", "img-1", 9L),
                new EncodedImage(REF, "t", "wide", 5L, 6L, "m-2", C256),
            });
        }
    }

    @Nested
    class Results extends Base<MatchResult> {
        Results() {
            super(MatchResultSerializer.INSTANCE, MatchResult.class, new MatchResult[] {
                MatchResult.of("q", "acme", 100L, "m-1", C64, List.of(new Match("a", 1, 40L), new Match("b", 3, 50L))),
                MatchResult.of("lonely", "default", 0L, "m-1", C256, List.of()),
            });
        }
    }

    @Nested
    class DeadLetters extends Base<DeadLetter> {
        DeadLetters() {
            super(DeadLetterSerializer.INSTANCE, DeadLetter.class, new DeadLetter[] {
                new DeadLetter("images", 1, 2L, null, null, "event.invalid_json", "bad", 3L, 4, "AAECAw=="),
                new DeadLetter("images", 0, 0L, "id", "acme", "delete.unknown_id", "gone", 9L, -1, null),
            });
        }
    }

    @Nested
    class Postings extends Base<PostingList> {
        Postings() {
            super(PostingListSerializer.INSTANCE, PostingList.class, new PostingList[] {
                new PostingList(1), filled(1, 5, C64), filled(4, 3, C256),
            });
        }

        private static PostingList filled(int words, int n, BinaryCode code) {
            PostingList p = new PostingList(words);
            for (int i = 0; i < n; i++) {
                p.add("id-" + i, i * 10L, code);
            }
            return p;
        }
    }
}
