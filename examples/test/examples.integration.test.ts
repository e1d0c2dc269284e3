// Runs every program in examples/src against the test broker, as a user would (a child process
// with the bootstrap address as its argument), and checks what it printed.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const kafka = inject('kafka');
const run = promisify(execFile);
const srcDir = new URL('../src/', import.meta.url);

/** What each example must print (every program in src/ but the helper needs an entry). */
const expected: Record<string, RegExp[]> = {
  'produce-and-consume.ts': [/produced 3 records at offset 0/, /offset 0: one/, /offset 2: three/],
  'batch-with-codec.ts': [
    /1000 records: \d+ B plain, \d+ B with zstd/,
    /fetched 1000 records; last: \{"i":999/,
  ],
  'codec-plugin.ts': [/type 5 refused: LK_BATCH_CONFIG/, /^alpha beta gamma$/m],
  'call-any-api.ts': [/cluster \S+, controller \d+/, /broker \d+ at /, /v0 answer lists \d+ broker/],
  'keyed-producer.ts': [/^user-0 -> partition \d$/m, /^30 records, 3 keys: each key on one partition$/m],
  'group-consumer.ts': [
    /^consumed 20 records from 3 partitions$/m,
    /^group committed offsets of 3 partitions, 20 records in all$/m,
  ],
  'admin-tasks.ts': [
    /^created \S+: error none$/m,
    /^created again: error TOPIC_ALREADY_EXISTS$/m,
    /^partition 1: leader \d+, isr \[\d+/m,
    /^retention.ms is now 86400000$/m,
    /^\d+ groups in the cluster$/m,
    /^deleted \S+: error none$/m,
  ],
};

describe('examples', () => {
  it('has an expectation for every program', () => {
    const programs = readdirSync(srcDir).filter((name) => !['bootstrap.ts', 'demo.ts'].includes(name));
    expect(programs.sort()).toEqual(Object.keys(expected).sort());
  });

  // @lk/client on the other runtimes: Bun and Deno run the TypeScript program directly, resolving
  // the packages' built dist/ (CI builds first), installed into .tools by scripts/setup.sh.
  const tools = new URL('../../.tools/', import.meta.url).pathname;
  const runtimes = [
    ['bun', process.env.LK_BUN ?? `${tools}bun/node_modules/.bin/bun`, []],
    ['deno', process.env.LK_DENO ?? `${tools}deno/node_modules/.bin/deno`, ['run', '-A']],
  ] as const;
  for (const [name, binary, args] of runtimes) {
    it(`produce-and-consume.ts runs on ${name} against the broker`, async () => {
      expect(existsSync(binary), `${binary} (scripts/setup.sh installs it)`).toBe(true);
      const program = new URL('produce-and-consume.ts', srcDir).pathname;
      const { stdout } = await run(binary, [...args, program, kafka.bootstrap], { timeout: 60_000 });
      for (const pattern of expected['produce-and-consume.ts']!) expect(stdout).toMatch(pattern);
    });
  }

  // The README's main job (bash scripts/run.sh demo), at a size that fits CI.
  it('demo.ts: keyed producing across 6 partitions, a group of 2 consuming it back, checked', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@lk/source', new URL('demo.ts', srcDir).pathname, kafka.bootstrap, '--records', '20000'],
      { timeout: 150_000 },
    );
    expect(stdout).toMatch(/^produce +20000 records in /m);
    expect(stdout).toMatch(/^check +20000 received: 0 missing, 0 duplicated, 0 out of order per key/m);
    // Both members consumed: the 6 partitions are split between them.
    const [, first, second] = stdout.match(/partitions per member: (\d+), (\d+)/) ?? [];
    expect([Number(first) + Number(second), Number(first) > 0, Number(second) > 0]).toEqual([6, true, true]);
  });

  for (const [program, patterns] of Object.entries(expected)) {
    it(`${program} runs against the broker`, async () => {
      const { stdout } = await run(
        process.execPath,
        ['--conditions=@lk/source', new URL(program, srcDir).pathname, kafka.bootstrap],
        { timeout: 60_000 },
      );
      for (const pattern of patterns) expect(stdout).toMatch(pattern);
    });
  }
});
