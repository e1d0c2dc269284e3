// Loopback port allocation: free ports from the OS, or a fixed block from a base port.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { NodePorts } from './config.ts';

function freePort(): Promise<{ port: number; server: net.Server }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      resolve({ port: (server.address() as net.AddressInfo).port, server });
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

const PER_NODE = 6;

/**
 * Ports for `count` nodes. With basePort, node i (1-based) gets basePort + (i-1)*10 + 0..5
 * (plaintext, sasl_plaintext, ssl, mtls, controller, oauth) and every port is checked to be free.
 * Without basePort, a random free block in 20000-32000 is used, claimed machine-wide (below) so that
 * concurrent processes never pick the same block (OS-assigned ports as a fallback).
 */
export async function allocatePorts(count: number, basePort?: number): Promise<NodePorts[]> {
  const out: NodePorts[] = [];
  if (basePort !== undefined) {
    for (let i = 0; i < count; i++) {
      const b = basePort + i * 10;
      const p: NodePorts = {
        plaintext: b,
        saslPlaintext: b + 1,
        ssl: b + 2,
        mtls: b + 3,
        controller: b + 4,
        oauth: b + 5,
      };
      for (const port of Object.values(p)) {
        if (!(await portFree(port)))
          throw new Error(`port ${port} on 127.0.0.1 is in use (basePort ${basePort})`);
      }
      out.push(p);
    }
    return out;
  }
  // Prefer a random free block below the ephemeral range (32768+) so outgoing connections made
  // between allocation and the JVM's bind cannot steal a port; fall back to OS-assigned ports.
  for (let attempt = 0; attempt < 30; attempt++) {
    const base = 20000 + 10 * Math.floor(Math.random() * ((32000 - 20000 - count * 10) / 10));
    if (!claimBlock(base, count)) continue;
    try {
      return await allocatePorts(count, base);
    } catch {
      /* block busy, try another */
    }
  }
  const held: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count * PER_NODE; i++) {
      const { port, server } = await freePort();
      held.push(server);
      ports.push(port);
    }
    for (let i = 0; i < count; i++) {
      const [plaintext, saslPlaintext, ssl, mtls, controller, oauth] = ports.slice(
        i * PER_NODE,
        i * PER_NODE + PER_NODE,
      );
      out.push({ plaintext, saslPlaintext, ssl, mtls, controller, oauth } as NodePorts);
    }
    return out;
  } finally {
    await Promise.all(held.map((s) => new Promise((r) => s.close(() => r(undefined)))));
  }
}

/**
 * Claims on port blocks, shared by every process on the machine (CI runs the 4.3.1 and 3.9.2
 * integration tests side by side). A block is checked free long before its JVM binds it (the
 * broker takes seconds to start): without a claim, two processes could check the same free block
 * and start brokers on it. A claim is a file per 10-port slot, created exclusively; after
 * CLAIM_MS the broker has bound its ports (or failed), the ports themselves say whether they are
 * free, and the claim expires.
 */
const CLAIM_DIR = path.join(os.tmpdir(), 'lk-kafka-port-claims');
const CLAIM_MS = 120_000;

function claimBlock(base: number, count: number): boolean {
  fs.mkdirSync(CLAIM_DIR, { recursive: true });
  const claimed: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(CLAIM_DIR, String(base + i * 10));
    if (!claimSlot(file)) {
      for (const own of claimed) fs.rmSync(own, { force: true });
      return false;
    }
    claimed.push(file);
  }
  return true;
}

function claimSlot(file: string): boolean {
  try {
    fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat !== undefined && Date.now() - stat.mtimeMs < CLAIM_MS) return false;
    // Expired: move it aside (only one process can), then claim afresh.
    try {
      fs.renameSync(file, `${file}.${process.pid}.expired`);
      fs.rmSync(`${file}.${process.pid}.expired`, { force: true });
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      return false;
    }
  }
}
