package io.hashstream.jobs.pipeline;

import java.util.Objects;

/**
 * A decoded, preprocessed image waiting for the encoder.
 *
 * @param ingestMillis wall-clock time the record was ingested (for the event-to-result latency metric)
 * @param pixels the model input, {@code ModelInput.floatsPerImage()} floats in NHWC order; owned, not copied
 */
public record ImageToEncode(EventRef ref, String tenant, String id, long eventTime, long ingestMillis, float[] pixels)
        implements Ingested {
    public ImageToEncode {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pixels, "pixels");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageToEncode e && e.ref.equals(ref) && e.tenant.equals(tenant) && e.id.equals(id)
                && e.eventTime == eventTime && e.ingestMillis == ingestMillis
                && java.util.Arrays.equals(e.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ref, tenant, id, eventTime, ingestMillis, java.util.Arrays.hashCode(pixels));
    }

    @Override
    public String toString() {
        return "ImageToEncode[" + ref.key() + ", " + tenant + "/" + id + " @" + eventTime + ", " + pixels.length + " floats]";
    }
}
