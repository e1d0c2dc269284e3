import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/index.ts';
import { run } from '../src/run.ts';

async function lk(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await run(argv, { stdin: new PassThrough(), stdout, stderr, env });
  return { code, out, err };
}

describe('lk', () => {
  it('--help lists every command; each command has --help with its flags and examples', async () => {
    const main = await lk(['--help']);
    expect(main.code).toBe(0);
    for (const command of COMMANDS) expect(main.out).toContain(`  ${command.name} `);
    for (const command of COMMANDS) {
      const help = await lk([...command.name.split(' '), '--help']);
      expect(help.code).toBe(0);
      expect(help.err).toBe('');
      expect(help.out).toContain(`usage: lk ${command.name}`);
      expect(help.out).toContain('Examples:\n  ');
      for (const flag of Object.keys(command.flags)) expect(help.out).toContain(`--${flag}`);
      if (command.connects) expect(help.out).toContain('--bootstrap HOST:PORT');
      expect(command.examples.length).toBeGreaterThan(0);
    }
  });

  it('a command answers to its aliases: lk acls list is lk acls describe, and its help says so', async () => {
    const help = await lk(['acls', 'list', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^lk acls describe: /);
    expect(help.out).toContain('also: lk acls list');
    const unknownFlag = await lk(['acls', 'list', '--nope']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.err).toContain('lk acls describe');
  });

  it('bad flags, missing arguments and unknown commands exit 2 with a message naming them on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [['consume', 'events', '-b', 'x:1', '--bogus'], /Unknown option '--bogus'/],
      [['produce', 'events', '-b', 'x:1', '--acks', '2'], /--acks must be one of all, -1, 0, 1, got '2'/],
      [
        ['produce', 'events', '-b', 'x:1', '-z', 'brotli'],
        /--compression must be one of none, gzip, snappy, lz4, zstd, got 'brotli'/,
      ],
      [['consume', 'events', '-b', 'x:1', '-o', 'middle'], /--offset must be beginning/],
      [['consume', 'events', '-b', 'x:1', '-f', '%q'], /--format: unknown %q/],
      [['consume', 'events', '-b', 'x:1', '-c', 'many'], /--count must be an integer/],
      [['consume', '-b', 'x:1'], /missing TOPIC/],
      [['consume', 'events'], /--bootstrap is required/],
      [['call', 'NoSuchApi', '-b', 'x:1'], /unknown API 'NoSuchApi'/],
      [['call', 'Metadata', '-b', 'x:1', '-v', '99'], /--version: Metadata has versions 0 to 13, got 99/],
      [['call', 'Metadata', '-b', 'x:1', '--json', '{nope'], /--json is not JSON/],
      [
        ['call', 'DeleteTopics', '-b', 'x:1', '-v', '6', '--json', '{"topicNames":["a"]}'],
        /topicNames is not carried by version 6/,
      ],
      [['configs', 'describe', 'table', 'x', '-b', 'x:1'], /KIND must be topic, broker or group/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['topics', 'frobnicate'], /unknown command 'topics frobnicate' \(topics list, topics describe/],
    ];
    for (const [argv, message] of cases) {
      const result = await lk(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.out).toBe('');
    }
  });

  it('lk call --template prints a request with its defaults, int64 as strings, without connecting', async () => {
    const result = await lk(['call', 'ListOffsets', '--template', '--compact']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ replicaId: 0, isolationLevel: 0, topics: [], timeoutMs: 0 });
    const listed = await lk(['call', '--list']);
    expect(listed.out.trim().split('\n').length).toBeGreaterThanOrEqual(80);
  });

  it('colour only on a terminal and never with NO_COLOR', async () => {
    const result = await lk(['frobnicate'], { NO_COLOR: '1' });
    expect(result.err).not.toContain('\x1b[');
  });
});
