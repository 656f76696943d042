package io.hashstream.training.tools;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a codes.jsonl file: an encoded image ({@code code} set) or a refused one
 * ({@code rejected} set to a reason code such as {@code image.corrupt}, with {@code message}).
 *
 * @param path the image file
 * @param encoder encoder id ({@code pdq}, {@code dhash}, {@code model:<model id>})
 * @param bits code length
 * @param code the code in {@link io.hashstream.code.BinaryCode#toHex()} form, or null when rejected
 * @param quality PDQ quality 0..100, null for encoders without one
 * @param rejected reason code when the image was refused
 * @param message details of the refusal
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CodeLine(String path, String encoder, int bits, String code, Integer quality, String rejected,
                       String message) {

    public boolean refused() {
        return rejected != null;
    }
}
