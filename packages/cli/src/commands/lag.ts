// lk lag GROUP: committed offset, end offset and lag of every partition the group committed.
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { listOffset } from '../list-offsets.ts';
import { renderTable } from '../table.ts';

export const lag: Command = {
  name: 'lag',
  summary: "a group's committed offsets, the partitions' ends and the lag",
  args: 'GROUP',
  connects: true,
  flags: { json: { type: 'boolean', short: 'J', help: 'print JSON (offsets as strings)' } },
  examples: ['lk lag billing -b 127.0.0.1:9092', 'lk lag billing -J'],
  async run(ctx) {
    const [group, extra] = ctx.args.positionals;
    if (group === undefined) throw new UsageError('missing GROUP');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const { result, rows } = await withAdmin(ctx, async (admin) => {
      const result = await admin.listGroupOffsets(group);
      const rows = await Promise.all(
        result.offsets
          .filter((o) => o.error === null)
          .map(async (o) => {
            const end = (await listOffset(admin.cluster, o.topic, o.partition, 'latest', ctx.signal)).offset;
            const committed = o.offset;
            return {
              topic: o.topic,
              partition: o.partition,
              committed,
              end,
              lag: committed < 0n ? null : end - committed,
            };
          }),
      );
      rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      return { result, rows };
    });
    if (result.error !== null) return reportFailures(ctx, [result], () => `group ${group}`);
    const total = rows.reduce((sum, r) => sum + (r.lag ?? 0n), 0n);
    if (ctx.args.flags.json === true) printJson(ctx, { group, totalLag: total, partitions: rows });
    else {
      ctx.io.stdout.write(
        renderTable(
          ['topic', 'partition', 'committed', 'end', 'lag'],
          rows.map((r) => [r.topic, r.partition, r.committed, r.end, r.lag ?? '-']),
        ),
      );
      ctx.io.stdout.write(`total lag ${total}\n`);
    }
    return reportFailures(ctx, result.offsets, (o) => `${o.topic}/${o.partition}`);
  },
};
