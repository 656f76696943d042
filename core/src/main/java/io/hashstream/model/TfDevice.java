package io.hashstream.model;

/** Where a model's ops run. */
public enum TfDevice {
    CPU,
    /** The first visible GPU, memory grown on demand (allow_growth). */
    GPU
}
