package io.hashstream.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BinaryCodeTest {

    /** A code of every legal length, with random bits. */
    @Provide
    Arbitrary<BinaryCode> codes() {
        return Arbitraries.integers().between(1, 128).flatMap(bytes ->
                Arbitraries.bytes().array(byte[].class).ofSize(bytes).map(BinaryCode::fromBytes));
    }

    @Provide
    Arbitrary<BinaryCode[]> samePairs() {
        return Arbitraries.integers().between(1, 128).flatMap(bytes -> {
            Arbitrary<BinaryCode> code = Arbitraries.bytes().array(byte[].class).ofSize(bytes).map(BinaryCode::fromBytes);
            return Combinators.combine(code, code).as((a, b) -> new BinaryCode[] {a, b});
        });
    }

    @Test
    void hexRoundTripsForEveryLength() {
        Random random = new Random(42);
        for (int bits = 8; bits <= 1024; bits += 8) {
            for (int trial = 0; trial < 20; trial++) {
                BinaryCode code = randomCode(random, bits);
                String hex = code.toHex();
                assertThat(hex).hasSize(bits / 4).matches("[0-9a-f]+");
                BinaryCode back = BinaryCode.fromHex(hex);
                assertThat(back).isEqualTo(code);
                assertThat(back.bits()).isEqualTo(bits);
                assertThat(back.wordCount()).isEqualTo((bits + 63) / 64);
            }
        }
    }

    @Property(tries = 300)
    void hexAndBytesRoundTrip(@ForAll("codes") BinaryCode code) {
        assertThat(BinaryCode.fromHex(code.toHex())).isEqualTo(code);
        assertThat(BinaryCode.fromHex(code.toHex().toUpperCase(Locale.ROOT))).isEqualTo(code);
        assertThat(BinaryCode.fromBytes(code.toBytes())).isEqualTo(code);
        assertThat(BinaryCode.ofWords(code.bits(), code.words())).isEqualTo(code);
        assertThat(code.toString()).isEqualTo(code.toHex());
    }

    @Property(tries = 300)
    void bitsAgreeWithBytesAndWords(@ForAll("codes") BinaryCode code) {
        byte[] bytes = code.toBytes();
        for (int i = 0; i < code.bits(); i++) {
            boolean fromByte = ((bytes[i / 8] >>> (i % 8)) & 1) != 0;
            boolean fromWord = ((code.word(i / 64) >>> (i % 64)) & 1) != 0;
            assertThat(code.bit(i)).isEqualTo(fromByte).isEqualTo(fromWord);
        }
        int tail = code.bits() % 64;
        if (tail != 0) {
            assertThat(code.word(code.wordCount() - 1) >>> tail).as("unused high bits").isZero();
        }
    }

    @Property(tries = 300)
    void distanceIsTheNumberOfDifferingBits(@ForAll("samePairs") BinaryCode[] pair) {
        BinaryCode a = pair[0];
        BinaryCode b = pair[1];
        int differing = 0;
        for (int i = 0; i < a.bits(); i++) {
            if (a.bit(i) != b.bit(i)) {
                differing++;
            }
        }
        assertThat(a.distance(b)).isEqualTo(differing).isEqualTo(b.distance(a));
        assertThat(a.distance(a)).isZero();
    }

    @Property(tries = 200)
    void fromSignsSetsExactlyThePositiveComponents(@ForAll @IntRange(min = 1, max = 128) int bytes,
                                                   @ForAll @IntRange(min = 0, max = 5) int offset,
                                                   @ForAll long seed) {
        int bits = bytes * 8;
        Random random = new Random(seed);
        float[] v = new float[offset + bits + 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (random.nextInt(6)) {
                case 0 -> 0f;
                case 1 -> -0f;
                case 2 -> Float.NaN;
                default -> (float) random.nextGaussian();
            };
        }
        BinaryCode code = BinaryCode.fromSigns(v, offset, bits);
        assertThat(code.bits()).isEqualTo(bits);
        for (int i = 0; i < bits; i++) {
            assertThat(code.bit(i)).as("bit %d of %f", i, v[offset + i]).isEqualTo(v[offset + i] > 0f);
        }
    }

    @Test
    void hexIsLittleEndianPerByteAndBytesInCodeOrder() {
        float[] v = new float[16];
        v[0] = 1f;
        assertThat(BinaryCode.fromSigns(v).toHex()).isEqualTo("0100");
        v[0] = 0f;
        v[7] = 1f;
        assertThat(BinaryCode.fromSigns(v).toHex()).isEqualTo("8000");
        v[7] = 0f;
        v[8] = 1f;
        assertThat(BinaryCode.fromSigns(v).toHex()).isEqualTo("0001");
        BinaryCode c = BinaryCode.fromHex("0123456789abcdef00");
        assertThat(c.bits()).isEqualTo(72);
        assertThat(c.word(0)).isEqualTo(0xefcdab8967452301L);
        assertThat(c.word(1)).isZero();
    }

    @Test
    void oneLongForCodesUpTo64Bits() {
        assertThat(BinaryCode.wordsFor(8)).isEqualTo(1);
        assertThat(BinaryCode.wordsFor(64)).isEqualTo(1);
        assertThat(BinaryCode.wordsFor(72)).isEqualTo(2);
        assertThat(BinaryCode.wordsFor(128)).isEqualTo(2);
        assertThat(BinaryCode.wordsFor(1024)).isEqualTo(16);
    }

    @Test
    void rejectsIllegalLengthsAndText() {
        assertThatThrownBy(() -> BinaryCode.wordsFor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.wordsFor(12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.wordsFor(1032)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromHex("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromHex(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromHex("zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromHex("0x12")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromHex("00".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromSigns(new float[12])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromSigns(new float[16], 1, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.ofWords(64, new long[2])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.ofWords(8, new long[] {0x100L})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryCode.fromHex("00").bit(8)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> BinaryCode.fromHex("00").distance(BinaryCode.fromHex("0000")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesAreDefensive() {
        long[] words = {5L};
        BinaryCode code = BinaryCode.ofWords(64, words);
        words[0] = 7L;
        code.words()[0] = 9L;
        assertThat(code.word(0)).isEqualTo(5L);
        long[] dst = new long[3];
        code.copyWordsTo(dst, 2);
        assertThat(dst).containsExactly(0L, 0L, 5L);
    }

    static BinaryCode randomCode(Random random, int bits) {
        byte[] bytes = new byte[bits / 8];
        random.nextBytes(bytes);
        return BinaryCode.fromBytes(bytes);
    }
}
