/// <reference types="node" />
// Broker fixtures as text: hex, 32 bytes a line, after `#` comment lines saying where they came from.
// Text diffs well and survives any git attribute; the files stay small (a few KB).
import { readFileSync, writeFileSync } from 'node:fs';

const BYTES_PER_LINE = 32;

/** `bytes` as fixture text: the `comments` as `# ` lines, then the hex. */
export function formatHexFixture(bytes: Uint8Array, comments: readonly string[]): string {
  const lines = comments.map((c) => `# ${c}`);
  for (let at = 0; at < bytes.length; at += BYTES_PER_LINE) {
    lines.push(Buffer.from(bytes.subarray(at, at + BYTES_PER_LINE)).toString('hex'));
  }
  return `${lines.join('\n')}\n`;
}

/** The bytes of fixture text: every line not starting with `#`, as hex. */
export function parseHexFixture(text: string): Uint8Array {
  const hex = text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('')
    .replace(/\s+/g, '');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Reads a hex fixture file. */
export function readHexFixture(file: URL | string): Uint8Array {
  return parseHexFixture(readFileSync(file, 'utf8'));
}

/** Writes a hex fixture file. */
export function writeHexFixture(file: URL | string, bytes: Uint8Array, comments: readonly string[]): void {
  writeFileSync(file, formatHexFixture(bytes, comments));
}
