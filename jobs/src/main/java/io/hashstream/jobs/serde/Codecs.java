package io.hashstream.jobs.serde;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.Match;
import io.hashstream.jobs.pipeline.EventRef;
import io.hashstream.jobs.pipeline.Probe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Wire layouts of the value types that several serializers embed. */
final class Codecs {
    private Codecs() {}

    static void writeCode(DataOutputView out, BinaryCode c) throws IOException {
        out.writeShort(c.bits());
        for (int i = 0; i < c.wordCount(); i++) {
            out.writeLong(c.word(i));
        }
    }

    static BinaryCode readCode(DataInputView in) throws IOException {
        int bits = in.readUnsignedShort();
        long[] w = new long[BinaryCode.wordsFor(bits)];
        for (int i = 0; i < w.length; i++) {
            w[i] = in.readLong();
        }
        return BinaryCode.ofWords(bits, w);
    }

    static void writeRef(DataOutputView out, EventRef r) throws IOException {
        out.writeUTF(r.topic());
        out.writeInt(r.partition());
        out.writeLong(r.offset());
    }

    static EventRef readRef(DataInputView in) throws IOException {
        return new EventRef(in.readUTF(), in.readInt(), in.readLong());
    }

    static void writeProbe(DataOutputView out, Probe p) throws IOException {
        out.writeUTF(p.requestKey());
        out.writeUTF(p.tenant());
        out.writeUTF(p.id());
        out.writeLong(p.eventTime());
        out.writeLong(p.ingestMillis());
        out.writeUTF(p.modelId());
        writeCode(out, p.code());
        out.writeInt(p.expectedAnswers());
    }

    static Probe readProbe(DataInputView in) throws IOException {
        return new Probe(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readUTF(),
                readCode(in), in.readInt());
    }

    static void writeMatches(DataOutputView out, List<Match> matches) throws IOException {
        out.writeInt(matches.size());
        for (Match m : matches) {
            out.writeUTF(m.id());
            out.writeInt(m.distance());
            out.writeLong(m.eventTime());
        }
    }

    static List<Match> readMatches(DataInputView in) throws IOException {
        int n = in.readInt();
        List<Match> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Match(in.readUTF(), in.readInt(), in.readLong()));
        }
        return out;
    }
}
