package io.hashstream.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/** Jackson factories configured for untrusted input: every size Jackson tracks is capped. */
final class EventJsonFactory {
    private EventJsonFactory() {
    }

    static JsonFactory forLimits(EventLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxEventBytes())
                .maxStringLength(limits.maxEventBytes())
                .maxNestingDepth(limits.maxJsonDepth())
                .maxNumberLength(32)
                // names are bounded by the document; our own checks give the more specific reasons
                .maxNameLength(limits.maxEventBytes())
                .maxTokenCount(4L * limits.maxAttributes() + 64)
                .build();
        return JsonFactory.builder()
                .streamReadConstraints(constraints)
                // attribute keys are attacker-chosen: do not let them populate a shared symbol table
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }
}
