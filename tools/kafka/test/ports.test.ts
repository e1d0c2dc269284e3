import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocatePorts } from '../src/ports.ts';

describe('allocatePorts', () => {
  it('gives concurrent allocations disjoint blocks, each claimed machine-wide until its broker binds', async () => {
    // Allocations at once check their blocks free before any broker binds: only the claims keep
    // two of them from taking the same block.
    const blocks = await Promise.all(Array.from({ length: 20 }, () => allocatePorts(3)));
    const ports = blocks.flatMap((nodes) => nodes.flatMap((node) => Object.values(node)));
    expect(new Set(ports).size).toBe(20 * 3 * 6);
    const claims = path.join(os.tmpdir(), 'lk-kafka-port-claims');
    for (const nodes of blocks) {
      for (const node of nodes) {
        expect(fs.readFileSync(path.join(claims, String(node.plaintext)), 'utf8')).toBe(String(process.pid));
      }
    }
  });

  it('takes a fixed block only when every port of it is free', async () => {
    const [node] = await allocatePorts(1);
    const server = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => server.listen(node!.ssl, '127.0.0.1', resolve));
    try {
      await expect(allocatePorts(1, node!.plaintext)).rejects.toThrow(
        `port ${node!.ssl} on 127.0.0.1 is in use`,
      );
    } finally {
      server.close();
    }
  });
});
