// node tools/chaos-proxy/src/cli.ts --upstream host:port[,...] [--fault up|down:kind[:n]]... [--chaos --seed N]
import { parseArgs } from 'node:util';
import { ChaosSchedule } from './chaos.ts';
import { parseFault } from './faults.ts';
import { startChaosProxy } from './proxy.ts';
import { Random } from './random.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    upstream: { type: 'string' },
    fault: { type: 'string', multiple: true, default: [] },
    chaos: { type: 'boolean', default: false },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
  },
});
if (!values.upstream) {
  process.stderr.write('usage: cli.ts --upstream host:port [--fault down:cut:1000] [--chaos --seed N]\n');
  process.exit(2);
}
const faults = values.fault.map(parseFault);
const proxy = await startChaosProxy({
  upstream: values.upstream,
  onConnection: (connection) => {
    for (const { direction, fault } of faults) connection.set(direction, fault);
  },
});
const chaos = values.chaos ? new ChaosSchedule(proxy, new Random(Number(values.seed))).start() : null;
process.stdout.write(
  `chaos proxy for ${values.upstream}${chaos ? `, random faults (seed ${values.seed})` : ''}\n`,
);
process.stdout.write(`${proxy.bootstrap}\n`);
setInterval(() => {
  const listeners = [...proxy.listeners.values()].map((l) => `${l.port}->${l.upstream}`).join(' ');
  process.stdout.write(
    `connections live ${proxy.connections.size}, accepted ${proxy.accepted}; faults ${JSON.stringify(chaos?.counts() ?? {})}; ${listeners}\n`,
  );
}, 10_000).unref();
const shutdown = async () => {
  chaos?.stop();
  await proxy.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
