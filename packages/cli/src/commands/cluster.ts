// lk cluster describe|log-dirs, through @lk/admin.

import type { TopicPartition } from '@lk/admin';
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { intFlag, listFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';
import { parseTopicPartition } from '../topic-partition-args.ts';

const json = { type: 'boolean', short: 'J', help: 'print JSON' } as const;

export const clusterDescribe: Command = {
  name: 'cluster describe',
  summary: 'the cluster id, the controller and the brokers',
  args: '',
  connects: true,
  flags: { fenced: { type: 'boolean', help: 'also fenced brokers (Kafka 4.0+)' }, json },
  examples: ['lk cluster describe', 'lk cluster describe --fenced -J'],
  async run(ctx) {
    if (ctx.args.positionals.length > 0)
      throw new UsageError(`unexpected argument '${ctx.args.positionals[0]}'`);
    const cluster = await withAdmin(ctx, (a) =>
      a.describeCluster({ includeFenced: ctx.args.flags.fenced === true }),
    );
    if (ctx.args.flags.json === true) printJson(ctx, cluster);
    else {
      ctx.io.stdout.write(`cluster ${cluster.clusterId ?? '-'} controller ${cluster.controllerId}\n`);
      ctx.io.stdout.write(
        renderTable(
          ['broker', 'host', 'port', 'rack', 'fenced'],
          cluster.brokers.map((b) => [b.nodeId, b.host, b.port, b.rack ?? '-', b.fenced ? 'yes' : 'no']),
        ),
      );
    }
    return 0;
  },
};

export const clusterLogDirs: Command = {
  name: 'cluster log-dirs',
  summary: "the brokers' log directories: free space, and each replica's size and lag",
  args: '[TOPIC:PARTITION...]',
  connects: true,
  flags: {
    broker: { type: 'string', multiple: true, value: 'ID', help: 'only broker ID (default: every broker)' },
    replicas: { type: 'boolean', help: 'list every replica (default: a count and total size per directory)' },
    json,
  },
  examples: ['lk cluster log-dirs', 'lk cluster log-dirs --broker 1 events:0 --replicas'],
  async run(ctx) {
    const brokers = listFlag(ctx.args.flags, 'broker').map((id) => intFlag({ broker: id }, 'broker', 0));
    const partitions = ctx.args.positionals.map((p) => parseTopicPartition(p, false) as TopicPartition);
    const dirs = await withAdmin(ctx, (a) =>
      a.describeLogDirs({
        ...(brokers.length > 0 ? { brokers } : {}),
        ...(partitions.length > 0 ? { partitions } : {}),
      }),
    );
    if (ctx.args.flags.json === true) printJson(ctx, dirs);
    else if (ctx.args.flags.replicas === true) {
      ctx.io.stdout.write(
        renderTable(
          ['broker', 'dir', 'topic', 'partition', 'size', 'lag', 'future'],
          dirs.flatMap((d) =>
            d.replicas.map((r) => [
              d.nodeId,
              d.path,
              r.topic,
              r.partition,
              r.size,
              r.offsetLag,
              r.isFuture ? 'yes' : 'no',
            ]),
          ),
        ),
      );
    } else {
      ctx.io.stdout.write(
        renderTable(
          ['broker', 'dir', 'total-bytes', 'usable-bytes', 'replicas', 'replica-bytes'],
          dirs
            .filter((d) => d.error === null)
            .map((d) => [
              d.nodeId,
              d.path,
              d.totalBytes,
              d.usableBytes,
              d.replicas.length,
              d.replicas.reduce((sum, r) => sum + r.size, 0n),
            ]),
        ),
      );
    }
    return reportFailures(ctx, dirs, (d) => `broker ${d.nodeId}${d.path ? ` ${d.path}` : ''}`);
  },
};

export const CLUSTER_COMMANDS = [clusterDescribe, clusterLogDirs];
