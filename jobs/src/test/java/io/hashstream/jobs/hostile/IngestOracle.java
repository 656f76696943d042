package io.hashstream.jobs.hostile;

import io.hashstream.event.DeleteEvent;
import io.hashstream.event.EventLimits;
import io.hashstream.event.EventParseException;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.fetch.UriImageLoader;
import io.hashstream.fetch.UriLoadException;
import io.hashstream.fetch.UriLoaderConfig;
import io.hashstream.image.ImagePipeline;
import io.hashstream.image.ImageRejectedException;
import io.hashstream.image.ModelInput;
import io.hashstream.jobs.pipeline.JobRejectReason;
import java.util.Map;

/**
 * The verdict of the job's ingest step for one JSON-mode value, computed in-process with the same
 * core components and settings: {@code null} when the record must become a result, else the reject
 * code. Kinds whose reason is fixed (bombs, schemes, private addresses, ...) are additionally pinned by
 * the feed, so this is a cross-check of the routing, not the source of truth for those.
 */
final class IngestOracle {
    private final InputEventJson json = new InputEventJson(EventLimits.defaults());
    private final UriImageLoader uris;
    private final ImagePipeline images;

    IngestOracle(ModelInput input, Map<String, String> uriSettings) {
        this.uris = new UriImageLoader(UriLoaderConfig.denyAll().with(uriSettings));
        this.images = new ImagePipeline(input);
    }

    String verdict(byte[] value, long timestamp) {
        try {
            InputEvent event = json.parse(value, timestamp);
            if (event instanceof DeleteEvent) {
                return JobRejectReason.DELETE_UNKNOWN_ID.code();
            }
            ImageEvent image = (ImageEvent) event;
            images.toModelInput(image.hasInlineImage() ? image.image() : uris.load(image.uri()));
            return null;
        } catch (EventParseException e) {
            return e.code();
        } catch (UriLoadException e) {
            return e.reason().code();
        } catch (ImageRejectedException e) {
            return e.code();
        }
    }
}
