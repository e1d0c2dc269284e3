// The fetch settings every client of the throughput benchmark uses, so that they are compared on
// equal terms (each library's own defaults differ: KafkaJS asks for 1 MiB per partition, the Java
// consumer and Platformatic wait up to 500 ms and 5 s for data).

/** Bytes per response and per partition (one partition): Java's `--fetch-size` (max.partition.fetch.bytes). */
export const FETCH_MAX_BYTES = 8 * 1024 * 1024;
/** How long the broker may hold a fetch for `minBytes` (1 for every client): Java's fetch.max.wait.ms default. */
export const FETCH_MAX_WAIT_MS = 500;
