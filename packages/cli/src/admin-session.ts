// Admin commands share this: an Admin for the command's connection, closed afterwards, and the
// per-entry failures reported on stderr (exit code 1 when any entry failed).
import { Admin } from '@lk/admin';
import type { KafkaError } from '@lk/client';
import type { Context } from './command.ts';
import { toJson } from './json.ts';

export async function withAdmin<T>(ctx: Context, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Admin(ctx.connection());
  try {
    return await use(admin);
  } finally {
    admin.close();
  }
}

/** Prints each failed entry on stderr; returns the exit code (1 if any failed). */
export function reportFailures<T extends { error: KafkaError | null }>(
  ctx: Context,
  entries: readonly T[],
  subject: (entry: T) => string,
): number {
  let failed = 0;
  for (const entry of entries) {
    if (entry.error !== null) {
      failed++;
      ctx.log.error(`${subject(entry)}: ${entry.error.errorName}: ${entry.error.message}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

/** Writes `value` as one JSON document (int64 as strings) to stdout. */
export function printJson(ctx: Context, value: unknown): void {
  ctx.io.stdout.write(`${toJson(value, 2)}\n`);
}

/** The topic's partition numbers; a topic that does not exist is a failure naming it. */
export async function partitionNumbers(ctx: Context, topic: string): Promise<number[]> {
  const [described] = await withAdmin(ctx, (a) => a.describeTopics([topic]));
  if (described!.error !== null) {
    throw new Error(`topic ${topic}: ${described!.error.errorName}: ${described!.error.message}`, {
      cause: described!.error,
    });
  }
  return described!.partitions.map((p) => p.partition);
}
