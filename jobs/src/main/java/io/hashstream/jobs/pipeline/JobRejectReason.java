package io.hashstream.jobs.pipeline;

import io.hashstream.event.RejectReason;

/** Rejections that only the running job can detect (after parsing and decoding succeeded). */
public enum JobRejectReason implements RejectReason {
    /** The preprocessed image does not have the shape the model expects. */
    MODEL_INPUT_MISMATCH("model.input_mismatch"),
    /** The encoder failed on this image (it was retried alone and failed again). */
    MODEL_FAILED("model.encode_failed"),
    /** A delete names an id that is not in the index (never seen, already deleted, or past retention). */
    DELETE_UNKNOWN_ID("delete.unknown_id"),
    /** A failure no typed reason covers (a bug); the record is refused instead of failing the job. */
    UNEXPECTED("job.unexpected_error");

    private final String code;

    JobRejectReason(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
