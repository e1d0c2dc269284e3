// lk produce TOPIC [FILE...]: records from stdin or files, one per line, through @lk/producer.
import { BatchBuffer } from '@lk/batch';
import { Producer } from '@lk/producer';
import { partitionNumbers } from '../admin-session.ts';
import { choiceFlag, intFlag, listFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { ChunkPool, inputChunks } from '../input-chunks.ts';
import { acksFlag, compressionFlag, PRODUCER_FLAGS } from '../producer-flags.ts';
import { bytes, count, Progress, rates } from '../progress.ts';
import { RecordBatcher } from '../record-batcher.ts';
import { delimiterBytes, RecordSplitter } from '../records-in.ts';

/**
 * Bytes of batches handed to the producer and not yet settled before reading waits for the oldest:
 * below the producer's buffer memory (32 MiB), so that sendBatch never waits for memory.
 */
const MAX_PENDING_BYTES = 24 * 1024 * 1024;
/** The producer's maxRequestSize (1 MiB) less the Produce request's own fields: a batch fits one request. */
const MAX_BATCH_BYTES = 1024 * 1024 - 1024;
/**
 * Defaults for bulk loading, as kcat's (librdkafka's batch.size 1,000,000, linger.ms 5): one
 * batch per partition per request (the Produce request's limit is 1 MiB) instead of the Java
 * client's 16 KiB, which took 1.75x the wall time and 1.6x the CPU for 1000-byte lines.
 */
const DEFAULT_BATCH_SIZE = 1_000_000;
const DEFAULT_LINGER_MS = 5;

export const produce: Command = {
  name: 'produce',
  summary: 'write records from stdin or files, one per line',
  args: 'TOPIC [FILE...]',
  connects: true,
  flags: {
    'key-delimiter': {
      type: 'string',
      short: 'K',
      value: 'DELIM',
      help: 'split each line into key DELIM value',
    },
    delimiter: { type: 'string', short: 'D', value: 'DELIM', help: 'record delimiter (default \\n)' },
    header: {
      type: 'string',
      short: 'H',
      multiple: true,
      value: 'KEY=VALUE',
      help: 'a header on every record',
    },
    partition: {
      type: 'string',
      short: 'p',
      value: 'N',
      help: 'write to partition N (default: the partitioner)',
    },
    partitioner: {
      type: 'string',
      value: 'NAME',
      help: 'default (murmur2 keys, sticky without), sticky, round-robin',
    },
    ...PRODUCER_FLAGS,
    idempotence: {
      type: 'boolean',
      help: 'idempotent producer (default on with acks=all; --no-idempotence)',
    },
    'linger-ms': {
      type: 'string',
      value: 'MS',
      help: `batching delay (default ${DEFAULT_LINGER_MS})`,
    },
    'batch-size': {
      type: 'string',
      value: 'BYTES',
      help: `batch size (default ${DEFAULT_BATCH_SIZE}, as kcat)`,
    },
    quiet: { type: 'boolean', short: 'q', help: 'no summary' },
  },
  details: [
    'Each line (or DELIM-separated piece) is one record; a last piece without a delimiter counts too;',
    'empty lines are empty records. FILEs are read in order, "-" is stdin; without FILEs, stdin.',
    'The summary goes to stderr; while stderr is a terminal a progress line is drawn.',
  ],
  examples: [
    'echo hello | lk produce events -b 127.0.0.1:9092',
    'lk produce events orders.txt -K : -H source=import -z zstd',
    'lk produce events -p 0 --acks 1 < lines.txt',
  ],
  async run(ctx) {
    const { flags } = ctx.args;
    const [topic, ...files] = ctx.args.positionals;
    if (topic === undefined) throw new UsageError('missing TOPIC');
    const headers = listFlag(flags, 'header').map((h) => {
      const eq = h.indexOf('=');
      if (eq <= 0) throw new UsageError(`--header must be KEY=VALUE, got '${h}'`);
      return { key: h.slice(0, eq), value: Buffer.from(h.slice(eq + 1)) };
    });
    const partition =
      stringFlag(flags, 'partition') === undefined ? undefined : intFlag(flags, 'partition', 0);
    const acks = acksFlag(flags);
    const keyDelimiter = stringFlag(flags, 'key-delimiter');
    if (stringFlag(flags, 'delimiter') === '') throw new UsageError('--delimiter must not be empty');
    const splitter = new RecordSplitter({
      delimiter: delimiterBytes(stringFlag(flags, 'delimiter') ?? '\\n'),
      keyDelimiter: keyDelimiter === undefined ? null : delimiterBytes(keyDelimiter),
    });
    const compression = compressionFlag(flags);
    const partitioner = choiceFlag(
      flags,
      'partitioner',
      ['default', 'sticky', 'round-robin'] as const,
      'default',
    );
    const lingerMs = intFlag(flags, 'linger-ms', DEFAULT_LINGER_MS);
    // A batch never outgrows one Produce request (the producer's maxRequestSize, 1 MiB).
    const batchSize = Math.min(intFlag(flags, 'batch-size', DEFAULT_BATCH_SIZE, 1), MAX_BATCH_BYTES);
    const idempotent = typeof flags.idempotence === 'boolean' ? flags.idempotence : undefined;
    const connection = ctx.connection();
    // Every flag is checked before this first request; a topic that does not exist fails here,
    // not after the producer's metadata wait (maxBlockMs).
    const partitions = await partitionNumbers(ctx, topic);
    if (partition !== undefined && !partitions.includes(partition)) {
      throw new UsageError(
        `--partition: ${topic} has partitions 0 to ${partitions.length - 1}, got ${partition}`,
      );
    }
    // The batches are built here (RecordBatcher), so the producer only stamps and sends them.
    const producer = new Producer({ ...connection, acks, idempotent, lingerMs, batchSize });
    const stats = { readBytes: 0, delivered: 0, failed: 0 };
    let firstError: Error | null = null;
    const pending: PendingSend[] = [];
    let pendingBytes = 0;
    const waiting = new Array<number>(partitions.length).fill(0);
    const spare: BatchBuffer[] = [];
    const started = performance.now();
    const progress = new Progress(ctx.io, () => {
      const s = (performance.now() - started) / 1000;
      return `${count(stats.delivered)} records delivered, ${bytes(stats.readBytes)} read, ${rates(stats.delivered, stats.readBytes, s)}`;
    }).start();
    const batcher = new RecordBatcher({
      topic,
      partitionCount: partitions.length,
      partition,
      partitioner,
      batchSize,
      lingerMs,
      headers,
      compression,
      takeBuffer: () => spare.pop() ?? new BatchBuffer(batchSize),
      giveBuffer: (buffer) => spare.push(buffer),
      loads: () => waiting,
      send: (p, batch, memory) => {
        const records = batch.recordsCount;
        waiting[p]!++;
        const entry: PendingSend = { settled: Promise.resolve(), bytes: batch.records.length, memory };
        // The batch's memory is the producer's until it settled: stamped there, not copied.
        entry.settled = producer.sendBatch(topic, p, batch, { stampInPlace: true }).then(
          (written) => {
            stats.delivered += written.recordCount;
            waiting[p]!--;
            // Its bytes are out of every socket queue now (acks=0: maybe not, so not reused).
            if (memory !== null && acks !== 0) spare.push(memory);
          },
          (error: Error) => {
            stats.failed += records;
            waiting[p]!--;
            firstError ??= error;
          },
        );
        pending.push(entry);
        pendingBytes += entry.bytes;
      },
    });
    const settleOldest = async (): Promise<void> => {
      const oldest = pending.shift()!;
      await oldest.settled;
      pendingBytes -= oldest.bytes;
    };
    const pool = new ChunkPool();
    try {
      for await (const chunk of inputChunks(files, ctx.io.stdin, pool)) {
        if (ctx.signal.aborted || firstError !== null) break;
        stats.readBytes += chunk.bytes.length;
        // One timestamp per chunk: the records of a chunk are read at the same moment.
        const now = Date.now();
        splitter.push(chunk.bytes, (key, value) => batcher.add(key, value, now));
        batcher.chunkDone();
        // Every record of the chunk is copied into a batch: its memory is free again.
        if (chunk.pooled !== null) pool.give(chunk.pooled);
        while (pendingBytes > MAX_PENDING_BYTES) await settleOldest();
      }
      const now = Date.now();
      splitter.end((key, value) => batcher.add(key, value, now));
      batcher.flush();
      while (pending.length > 0) await settleOldest();
      await producer.flush();
    } finally {
      batcher.flush();
      progress.stop();
      await producer.close({ force: ctx.signal.aborted });
    }
    const seconds = (performance.now() - started) / 1000;
    if (flags.quiet !== true) {
      ctx.log.info(
        `produced ${count(stats.delivered)} records (${bytes(stats.readBytes)} read) to ${topic} in ${seconds.toFixed(2)} s: ${rates(stats.delivered, stats.readBytes, seconds)}${stats.failed > 0 ? `; ${count(stats.failed)} failed` : ''}`,
      );
    }
    if (firstError !== null) {
      ctx.log.error(`records not delivered: ${(firstError as Error).message}`);
      return 1;
    }
    return 0;
  },
};

/** A batch handed to the producer, oldest first. */
interface PendingSend {
  settled: Promise<void>;
  /** Bytes of its records, counted against MAX_PENDING_BYTES until it settled. */
  bytes: number;
  /** The buffer it was written into (null: compressed, its plain buffer already given back). */
  memory: BatchBuffer | null;
}
