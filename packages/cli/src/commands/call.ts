// lk call API --json '{...}': any request of the 93 APIs from JSON, the raw response as JSON.
import { readFileSync } from 'node:fs';
import { apis } from '@lk/api';
import type { Target } from '@lk/client';
import { Cluster } from '@lk/client';
import { intFlag, stringFlag } from '../args.ts';
import type { Command, Context } from '../command.ts';
import { UsageError } from '../errors.ts';
import { toJson } from '../json.ts';
import { apiNamed, requestFromJson } from '../json-request.ts';
import { renderTable } from '../table.ts';
import { VERSION } from '../version.ts';

async function readJson(ctx: Context, text: string | undefined): Promise<unknown> {
  if (text === undefined) return {};
  let source = text;
  if (text === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.io.stdin) chunks.push(chunk as Buffer);
    source = Buffer.concat(chunks).toString('utf8');
  } else if (text.startsWith('@')) {
    try {
      source = readFileSync(text.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`--json: cannot read ${text.slice(1)}: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new UsageError(`--json is not JSON: ${(error as Error).message}`);
  }
}

function targetOf(ctx: Context): Target {
  const { flags } = ctx.args;
  const chosen = ['node', 'leader', 'coordinator'].filter((f) => flags[f] !== undefined);
  if (chosen.length > 1) throw new UsageError(`--${chosen[0]} and --${chosen[1]} cannot be combined`);
  if (flags.node !== undefined) return { node: intFlag(flags, 'node', 0) };
  const leader = stringFlag(flags, 'leader');
  if (leader !== undefined) {
    const m = /^(.+):(\d+)$/.exec(leader);
    if (!m) throw new UsageError(`--leader must be TOPIC:PARTITION, got '${leader}'`);
    return { leaderOf: { topic: m[1]!, partition: Number(m[2]) } };
  }
  const coordinator = stringFlag(flags, 'coordinator');
  if (coordinator !== undefined) {
    const transaction = flags.transactional === true;
    return { coordinator: { key: coordinator, type: transaction ? 'transaction' : 'group' } };
  }
  return 'any';
}

/** ApiVersions v3+ needs a client software name and version: lk's, unless given. */
function withClientSoftware(apiName: string, json: unknown): unknown {
  if (apiName !== 'ApiVersions' || json === null || typeof json !== 'object') return json;
  return { clientSoftwareName: 'lk', clientSoftwareVersion: VERSION, ...json };
}

export const call: Command = {
  name: 'call',
  summary: 'send any Kafka API request as JSON, print the response as JSON',
  args: 'API',
  connects: true,
  flags: {
    json: {
      type: 'string',
      short: 'j',
      value: 'JSON',
      help: "the request's fields (or @FILE, or - for stdin); default {}",
    },
    version: {
      type: 'string',
      short: 'v',
      value: 'N',
      help: 'this API version (default: the highest both sides speak)',
    },
    node: { type: 'string', value: 'ID', help: 'send to broker ID (default: any broker)' },
    leader: { type: 'string', value: 'TOPIC:PARTITION', help: "send to the partition's leader" },
    coordinator: { type: 'string', value: 'KEY', help: "send to the group's coordinator" },
    transactional: { type: 'boolean', help: 'with --coordinator: KEY is a transactional id' },
    template: { type: 'boolean', help: 'print the request with every field at its default, send nothing' },
    list: { type: 'boolean', help: 'list the APIs and their versions, send nothing' },
    compact: { type: 'boolean', help: 'one-line JSON' },
  },
  details: [
    'Field names are the generated @lk/api ones (camelCase of the Kafka spec): lk call API --template shows them.',
    'int64 fields print as decimal strings (exact past 2^53) and are accepted as strings or numbers; bytes',
    'fields (records included) are base64. Top-level fields left out take the spec default; fields of nested',
    'entries left out are zero/empty. A field the version cannot carry is an error, never dropped.',
  ],
  examples: [
    'lk call ApiVersions',
    'lk call Metadata --json \'{"topics":[{"name":"events"}]}\' -v 12',
    'lk call ListOffsets --leader events:0 --json \'{"topics":[{"name":"events","partitions":[{"partitionIndex":0,"timestamp":"-1"}]}]}\'',
    'lk call DescribeGroups --coordinator billing --json \'{"groups":["billing"]}\'',
    'lk call CreateTopics --template',
  ],
  async run(ctx) {
    const { flags } = ctx.args;
    const indent = flags.compact === true ? undefined : 2;
    if (flags.list === true) {
      ctx.io.stdout.write(
        renderTable(
          ['key', 'api', 'versions'],
          apis
            .filter((a) => a.maxVersion >= a.minVersion)
            .map((a) => [a.apiKey, a.name, `${a.minVersion}-${a.maxVersion}`]),
        ),
      );
      return 0;
    }
    const [name, extra] = ctx.args.positionals;
    if (name === undefined) throw new UsageError('missing API (a name such as Metadata, or a key)');
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const api = apiNamed(name);
    const forced = flags.version === undefined ? undefined : intFlag(flags, 'version', 0, 0, 32_767);
    if (forced !== undefined && (forced < api.minVersion || forced > api.maxVersion)) {
      throw new UsageError(
        `--version: ${api.name} has versions ${api.minVersion} to ${api.maxVersion}, got ${forced}`,
      );
    }
    if (flags.template === true) {
      const request = forced === undefined ? api.newRequest() : requestFromJson(api, {}, forced);
      ctx.io.stdout.write(`${toJson(request, indent)}\n`);
      return 0;
    }
    const json = withClientSoftware(api.name, await readJson(ctx, stringFlag(flags, 'json')));
    const target = targetOf(ctx);
    // A forced version is checked before connecting, so that a mistake shows at once.
    if (forced !== undefined) requestFromJson(api, json, forced);
    const cluster = new Cluster(ctx.connection());
    let version = -1;
    try {
      const started = performance.now();
      const routed = await cluster.callRouted(
        target,
        api,
        (v: number) => {
          version = v;
          return requestFromJson(api, json, v);
        },
        { retry: false, signal: ctx.signal, ...(forced === undefined ? {} : { version: forced }) },
      );
      ctx.io.stdout.write(`${toJson(routed.response, indent)}\n`);
      ctx.log.info(
        `${api.name} v${version} answered by node ${routed.nodeId} in ${(performance.now() - started).toFixed(1)} ms`,
      );
    } finally {
      cluster.close();
    }
    return 0;
  },
};
