package io.hashstream.jobs.pipeline;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.DeleteEvent;
import io.hashstream.event.EventLimits;
import io.hashstream.event.EventParseException;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.RawEventDecoder;
import io.hashstream.fetch.UriImageLoader;
import io.hashstream.fetch.UriLoadException;
import io.hashstream.fetch.UriLoaderConfig;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.JpegDecode;
import io.hashstream.jobs.RawRecord;
import io.hashstream.event.EventRejectReason;
import io.hashstream.jobs.config.EventTimeLimit;
import io.hashstream.jobs.config.InputFormat;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parse and validate (JSON or raw mode), load the image (inline, or from an allowed URI), decode and
 * preprocess it to the model's input through the shared {@link ImagePipeline}. Each input record
 * becomes exactly one image to encode, one delete, or one dead letter with its typed reason; no input
 * can fail the job.
 */
public final class IngestFunction extends ProcessFunction<RawRecord, Ingested> {
    private static final long serialVersionUID = 1L;

    private final InputFormat format;
    private final EncoderFactory encoders;
    private final EventLimits limits;
    private final EventTimeLimit eventTimeLimit;
    private final JpegDecode jpegDecode;
    private final HashMap<String, String> uriSettings;
    private final OutputTag<DeadLetter> deadLetters;

    private transient InputEventJson json;
    private transient RawEventDecoder raw;
    private transient ImagePipeline images;
    private transient UriImageLoader uris;
    private transient Counter eventsIn;
    private transient MetricGroup rejects;
    private transient Map<String, Counter> rejectsByReason;

    /**
     * @param eventTimeLimit the event times accepted, as the source's timestamp assigner accepts them
     * @param jpegDecode how plain JPEGs become pixels ({@link JpegDecode})
     * @param uriSettings {@link UriLoaderConfig} settings over {@link UriLoaderConfig#denyAll()}
     */
    public IngestFunction(InputFormat format, EncoderFactory encoders, EventLimits limits, EventTimeLimit eventTimeLimit,
            JpegDecode jpegDecode, Map<String, String> uriSettings, OutputTag<DeadLetter> deadLetters) {
        this.format = format;
        this.encoders = encoders;
        this.eventTimeLimit = eventTimeLimit;
        this.limits = limits;
        this.jpegDecode = jpegDecode;
        this.uriSettings = new HashMap<>(uriSettings);
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        json = new InputEventJson(limits);
        raw = new RawEventDecoder(limits);
        images = new ImagePipeline(encoders.input(), jpegDecode);
        uris = new UriImageLoader(UriLoaderConfig.denyAll().with(uriSettings));
        MetricGroup g = getRuntimeContext().getMetricGroup();
        eventsIn = g.counter("eventsIn");
        // 1 when jpeg-decode=dct-scaled is in effect: asked for, and libjpeg-turbo loaded on this TaskManager
        boolean dctScaling = images.dctScaling();
        g.gauge("jpegDctScaling", (Gauge<Integer>) () -> dctScaling ? 1 : 0);
        rejects = g.addGroup("rejects");
        rejectsByReason = new HashMap<>();
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Ingested> out) {
        eventsIn.inc();
        EventRef ref = new EventRef(record.topic(), record.partition(), record.offset());
        String id = null;
        String tenant = null;
        try {
            InputEvent event = format == InputFormat.JSON
                    ? json.parse(record.value(), record.timestamp())
                    : raw.decode(record.key(), record.value(), name -> record.lastHeader(name).orElse(null),
                            record.timestamp());
            id = event.id();
            tenant = event.tenant();
            if (!eventTimeLimit.accepts(event.eventTime(), record.timestamp())) {
                reject(ctx, record, id, tenant, EventRejectReason.BAD_EVENT_TIME.code(),
                        eventTimeLimit.refusal(event.eventTime(), record.timestamp()));
                return;
            }
            if (event instanceof DeleteEvent delete) {
                out.collect(new DeleteRequest(ref, delete.tenant(), delete.id(), delete.eventTime()));
                return;
            }
            ImageEvent image = (ImageEvent) event;
            byte[] bytes = image.hasInlineImage() ? image.image() : uris.load(image.uri());
            float[] pixels = images.toModelInput(bytes);
            out.collect(new ImageToEncode(ref, tenant, id, image.eventTime(), System.currentTimeMillis(), pixels));
        } catch (EventParseException e) {
            reject(ctx, record, e.id(), e.tenant(), e.code(), e.getMessage());
        } catch (UriLoadException e) {
            reject(ctx, record, id, tenant, e.reason().code(), e.getMessage());
        } catch (ImageRejectedException e) {
            reject(ctx, record, id, tenant, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            reject(ctx, record, id, tenant, JobRejectReason.UNEXPECTED.code(), String.valueOf(e));
        }
    }

    private void reject(Context ctx, RawRecord record, String id, String tenant, String code, String message) {
        rejectsByReason.computeIfAbsent(code, c -> rejects.counter(c.replace('.', '_'))).inc();
        byte[] value = record.value();
        ctx.output(deadLetters, DeadLetter.of(record.topic(), record.partition(), record.offset(), id, tenant,
                () -> code, message, System.currentTimeMillis(), value));
    }
}
