// Where the examples find Kafka: the first argument, else LK_BOOTSTRAP, else a local broker.
export const bootstrap: string = process.argv[2] ?? process.env.LK_BOOTSTRAP ?? '127.0.0.1:9092';

/** A topic name no earlier run has used. */
export const freshTopic = (name: string): string => `lk-example-${name}-${Date.now()}`;
