package io.hashstream.jobs.config;

import io.hashstream.event.EventFields;
import java.io.Serializable;

/**
 * How far an event's time may lie ahead of its Kafka record's timestamp. Watermarks follow the largest
 * event time seen, so without a bound one event stamped years ahead (a producer's clock in microseconds,
 * or a hostile record) would make every later event late and stall all answers until real time catches
 * up; the source keeps that time across restores. The record timestamp is the reference, not the wall
 * clock, so a replay decides exactly as the first run did. The source's timestamp assigner
 * ({@code RecordEventTime}) and the parser ({@code IngestFunction}) apply the same rule: a refused event gets the record timestamp as its time for
 * watermarks and becomes an {@code event.bad_event_time} dead letter.
 *
 * @param maxAheadMillis the largest accepted {@code eventTime - recordTimestamp}; records without a
 *     timestamp (negative) are bounded only by the event time's range
 */
public record EventTimeLimit(long maxAheadMillis) implements Serializable {

    public EventTimeLimit {
        if (maxAheadMillis < 0) {
            throw new IllegalArgumentException("maxAheadMillis must be >= 0, got " + maxAheadMillis);
        }
    }

    /** Whether {@code eventTime} is in range and not too far ahead of {@code recordTimestamp}. */
    public boolean accepts(long eventTime, long recordTimestamp) {
        if (eventTime < 0 || eventTime > EventFields.MAX_EVENT_TIME) {
            return false;
        }
        // Both non-negative here, so the difference cannot overflow.
        return recordTimestamp < 0 || eventTime - recordTimestamp <= maxAheadMillis;
    }

    /** Why {@link #accepts} refuses, for the dead letter. */
    public String refusal(long eventTime, long recordTimestamp) {
        if (eventTime < 0 || eventTime > EventFields.MAX_EVENT_TIME) {
            return "eventTime " + eventTime + " is outside [0, " + EventFields.MAX_EVENT_TIME + "]";
        }
        return "eventTime " + eventTime + " is " + (eventTime - recordTimestamp) + " ms ahead of the record's timestamp "
                + recordTimestamp + "; the limit (event-time-max-ahead-ms) is " + maxAheadMillis + " ms";
    }
}
