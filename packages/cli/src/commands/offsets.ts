// lk offsets TOPIC: earliest and latest offsets per partition, and the offset at a time.

import { partitionNumbers, printJson, withAdmin } from '../admin-session.ts';
import { listFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { listOffset } from '../list-offsets.ts';
import { parseStartAt } from '../offset-spec.ts';
import { renderTable } from '../table.ts';

export const offsets: Command = {
  name: 'offsets',
  summary: 'earliest and latest offsets of each partition, or the first offset at a time',
  args: 'TOPIC',
  connects: true,
  flags: {
    partition: { type: 'string', short: 'p', multiple: true, value: 'N', help: 'only partition N' },
    at: {
      type: 'string',
      value: 'TIME',
      help: 'also the first offset at or after TIME (@MS, MS or an ISO date)',
    },
    json: { type: 'boolean', short: 'J', help: 'print JSON (offsets as strings)' },
  },
  examples: ['lk offsets events', 'lk offsets events --at 2026-12-01T08:00:00Z -J'],
  async run(ctx) {
    const [topic, extra] = ctx.args.positionals;
    if (topic === undefined) throw new UsageError('missing TOPIC');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const at = stringFlag(ctx.args.flags, 'at');
    let atMs: number | null = null;
    if (at !== undefined) {
      const spec = parseStartAt(at.startsWith('@') ? at : `@${at}`, '--at');
      if (spec.kind !== 'time') throw new UsageError(`--at must be a time, got '${at}'`);
      atMs = spec.ms;
    }
    const all = await partitionNumbers(ctx, topic);
    const wanted = listFlag(ctx.args.flags, 'partition').map(Number);
    for (const p of wanted)
      if (!all.includes(p)) throw new UsageError(`--partition: ${topic} has no partition ${p}`);
    const rows = await withAdmin(ctx, (admin) =>
      Promise.all(
        (wanted.length > 0 ? wanted : all).map(async (partition) => {
          const [earliest, latest, atTime] = await Promise.all([
            listOffset(admin.cluster, topic, partition, 'earliest', ctx.signal),
            listOffset(admin.cluster, topic, partition, 'latest', ctx.signal),
            atMs === null ? null : listOffset(admin.cluster, topic, partition, { ms: atMs }, ctx.signal),
          ]);
          return {
            partition,
            earliest: earliest.offset,
            latest: latest.offset,
            ...(atTime === null ? {} : { at: atTime.offset, atTimestamp: atTime.timestamp }),
          };
        }),
      ),
    );
    if (ctx.args.flags.json === true) printJson(ctx, { topic, partitions: rows });
    else {
      const header = ['partition', 'earliest', 'latest', 'records', ...(atMs === null ? [] : ['at'])];
      ctx.io.stdout.write(
        renderTable(
          header,
          rows.map((r) => [
            r.partition,
            r.earliest,
            r.latest,
            r.latest - r.earliest,
            ...(r.at === undefined ? [] : [r.at]),
          ]),
        ),
      );
    }
    return 0;
  },
};
