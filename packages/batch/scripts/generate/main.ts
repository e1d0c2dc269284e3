/// <reference types="node" />
// Generates packages/batch/src/generated/crc32c-wasm.ts: the CRC-32C WebAssembly module as a byte
// array, with the memory layout it expects. Deterministic (CI regenerates and diffs; a unit test
// also compares). `pnpm generate` in packages/batch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32cModuleFile } from './emit-crc32c-module.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'generated');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'crc32c-wasm.ts'), crc32cModuleFile());
