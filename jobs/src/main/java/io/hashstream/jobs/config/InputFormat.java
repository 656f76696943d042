package io.hashstream.jobs.config;

/** How image-topic record values are read. */
public enum InputFormat {
    /** The value is a JSON image event (inline base64 bytes or a URI). */
    JSON,
    /** The value is the image bytes; the key is the id; headers carry tenant and event time. */
    RAW
}
