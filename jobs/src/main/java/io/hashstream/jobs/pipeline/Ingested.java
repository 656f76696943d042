package io.hashstream.jobs.pipeline;

/** What the ingest step makes of a valid input record: an image to encode, or a delete. */
public sealed interface Ingested permits ImageToEncode, DeleteRequest {
    EventRef ref();

    String tenant();

    String id();

    long eventTime();
}
