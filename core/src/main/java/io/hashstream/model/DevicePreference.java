package io.hashstream.model;

/** Which device to ask for; {@link #AUTO} falls back to the CPU when no GPU is visible. */
public enum DevicePreference {
    AUTO,
    CPU
}
