// lk metadata [TOPIC...]: cluster id, controller, brokers, and topics with partitions, leaders, ISR.
import { kafkaErrorFor } from '@lk/api';
import { printJson, withAdmin } from '../admin-session.ts';
import type { Command } from '../command.ts';
import { renderTable } from '../table.ts';

export const metadata: Command = {
  name: 'metadata',
  summary: 'brokers, controller, cluster id, and topics with partitions, leaders, replicas and ISR',
  args: '[TOPIC...]',
  connects: true,
  flags: {
    json: { type: 'boolean', short: 'J', help: 'print the Metadata response as JSON' },
    brokers: { type: 'boolean', help: 'only the brokers' },
  },
  examples: ['lk metadata -b 127.0.0.1:9092', 'lk metadata events -J', 'lk metadata --brokers'],
  async run(ctx) {
    const topics = ctx.args.positionals;
    const response = await withAdmin(ctx, (admin) =>
      admin.cluster.metadata.refresh(
        ctx.args.flags.brokers === true ? [] : topics.length > 0 ? topics : null,
        ctx.signal,
      ),
    );
    if (ctx.args.flags.json === true) {
      printJson(ctx, response);
      return 0;
    }
    const out = ctx.io.stdout;
    out.write(`cluster ${response.clusterId ?? '-'} controller ${response.controllerId}\n`);
    out.write(`${response.brokers.length} brokers:\n`);
    out.write(
      renderTable(
        ['  node', 'host', 'port', 'rack'],
        response.brokers.map((b) => [`  ${b.nodeId}`, b.host, b.port, b.rack ?? '-']),
      ),
    );
    if (ctx.args.flags.brokers === true) return 0;
    let failed = 0;
    const sorted = [...response.topics].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    out.write(`${sorted.length} topics:\n`);
    for (const t of sorted) {
      const error = kafkaErrorFor(t.errorCode);
      if (error !== null) {
        failed++;
        ctx.log.error(`topic ${t.name}: ${error.errorName}`);
        continue;
      }
      out.write(
        `  topic ${t.name} with ${t.partitions.length} partitions${t.isInternal ? ' (internal)' : ''}\n`,
      );
      out.write(
        renderTable(
          ['    partition', 'leader', 'replicas', 'isr', 'error'],
          [...t.partitions]
            .sort((a, b) => a.partitionIndex - b.partitionIndex)
            .map((p) => [
              `    ${p.partitionIndex}`,
              p.leaderId,
              p.replicaNodes.join(','),
              p.isrNodes.join(','),
              kafkaErrorFor(p.errorCode)?.errorName ?? '-',
            ]),
        ),
      );
    }
    return failed > 0 ? 1 : 0;
  },
};
