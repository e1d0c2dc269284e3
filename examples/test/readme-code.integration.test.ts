// Runs the README code blocks that talk to a broker (those with the README's bootstrap address)
// against the test broker: the address swapped for the real one, the topics they name renamed to
// fresh ones and created first, each block a child process that must exit cleanly. scripts/check-readme-code.ts
// type-checks all blocks; this proves the ones users would paste first actually work.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { BootstrapClient } from '@lk/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  blockFileName,
  moduleOf,
  README_BOOTSTRAP,
  readmeBlocks,
  runsAgainstBroker,
} from '../../scripts/readme-code.ts';

const kafka = inject('kafka');
const run = promisify(execFile);
const dir = new URL('../.readme-run/', import.meta.url);
const blocks = readmeBlocks().filter(runsAgainstBroker);

describe('README blocks against the broker', () => {
  mkdirSync(dir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the blocks that need a broker (the root, client and producer READMEs have one each at least)', () => {
    expect(blocks.map((block) => block.readme)).toEqual(
      expect.arrayContaining(['README.md', 'packages/client/README.md']),
    );
  });

  for (const block of blocks) {
    it(`${block.readme}:${block.line} runs`, async () => {
      const cluster = new BootstrapClient(kafka.bootstrap);
      let { text } = moduleOf(block);
      text = text.replaceAll(README_BOOTSTRAP, kafka.bootstrap);
      // Topics appear as `topic: 'events'` (partition clients) or `send('events', …)` (the producer).
      const named = block.code.matchAll(/(?:topic: |\.send\()'([^']+)'/g);
      for (const topic of new Set([...named].map((match) => match[1]!))) {
        const fresh = `lk-readme-${topic}-${Date.now()}`;
        // Several partitions: keyed producing (the producer README) spreads over them.
        await cluster.createTopic(fresh, { numPartitions: 6 });
        text = text.replaceAll(`'${topic}'`, `'${fresh}'`);
      }
      const file = new URL(blockFileName(block), dir);
      // The block keeps its clients open, as a snippet does; the process ends once it is through.
      writeFileSync(file, `${text}\nprocess.exit(0);\n`);
      const { stderr } = await run(process.execPath, ['--conditions=@lk/source', file.pathname], {
        timeout: 60_000,
      });
      expect(stderr).toBe('');
    });
  }
});
