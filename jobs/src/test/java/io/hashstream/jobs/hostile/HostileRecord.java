package io.hashstream.jobs.hostile;

/**
 * One record of the hostile feed: its kind (for the per-kind tally), the Kafka key and value, its
 * timestamp, and what the job must make of it.
 */
record HostileRecord(String kind, byte[] key, byte[] value, long timestamp, Expected expected) {
}
