import { DecodeError, errorKind, LkError } from '@lk/wire';

/**
 * A batch or message set whose bytes are inconsistent: CRC mismatch, impossible lengths or
 * counts, wrong magic. Never retry with the same bytes (the broker calls this CORRUPT_MESSAGE).
 */
export class CorruptBatchError extends DecodeError {
  static override readonly [errorKind]: string = 'CorruptBatchError';
}

/**
 * The WebAssembly CRC-32C was asked for where it cannot run (`LK_CRC32C_UNAVAILABLE`): no
 * `WebAssembly` global, or compiling the module is refused (a Content-Security-Policy without
 * `wasm-unsafe-eval`, Cloudflare Workers). `cause` is the compile error, when there was one.
 */
export class Crc32cUnavailableError extends LkError {
  static override readonly [errorKind]: string = 'Crc32cUnavailableError';
}
