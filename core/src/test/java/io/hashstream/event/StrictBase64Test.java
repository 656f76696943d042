package io.hashstream.event;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDK's RFC 4648 basic decoder is the oracle: same acceptance, same bytes. */
class StrictBase64Test {
    @Property(tries = 500)
    void decodesWhatTheJdkEncodes(@ForAll byte[] data, @ForAll boolean padded) throws Exception {
        Base64.Encoder encoder = padded ? Base64.getEncoder() : Base64.getEncoder().withoutPadding();
        char[] text = encoder.encodeToString(data).toCharArray();
        assertThat(StrictBase64.decode(text, 0, text.length)).isEqualTo(data);
    }

    @Property(tries = 3000)
    void acceptsExactlyWhatTheJdkDecoderAccepts(@ForAll("nearlyBase64") String s) {
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            expected = null;
        }
        byte[] actual;
        try {
            // embed in a larger buffer: the offset/length window must be honoured
            char[] buffer = ("@@" + s + "@@").toCharArray();
            actual = StrictBase64.decode(buffer, 2, s.length());
        } catch (StrictBase64.InvalidBase64Exception e) {
            actual = null;
        }
        assertThat(actual).as("\"%s\"", s).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> nearlyBase64() {
        return Arbitraries.strings().withChars("AQgw/+9z=").withChars("=*- \n\u00e9").ofMaxLength(14)
                .edgeCases(c -> c.add("").add("=").add("==").add("a").add("aa==").add("aaa=").add("aaaa"));
    }
}
