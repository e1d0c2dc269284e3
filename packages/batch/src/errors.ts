import { DecodeError, errorKind, LkError } from '@lk/wire';

/**
 * A batch or message set whose bytes are inconsistent: CRC mismatch, impossible lengths or
 * counts, wrong magic. Never retry with the same bytes (the broker calls this CORRUPT_MESSAGE).
 */
/** The codes of {@link CorruptBatchError}. */
export type CorruptBatchErrorCode =
  | 'LK_BATCH_TRUNCATED'
  | 'LK_BATCH_CODEC'
  | 'LK_BATCH_CONTROL'
  | 'LK_BATCH_LENGTH'
  | 'LK_BATCH_MAGIC'
  | 'LK_BATCH_CRC'
  | 'LK_BATCH_COUNT'
  | 'LK_LEGACY_CORRUPT'
  | 'LK_RECORD_SET_LENGTH'
  | 'LK_RECORD_SET_MAGIC';

export class CorruptBatchError extends DecodeError<CorruptBatchErrorCode> {
  static override readonly [errorKind]: string = 'CorruptBatchError';
}

/**
 * The WebAssembly CRC-32C was asked for where it cannot run (`LK_CRC32C_UNAVAILABLE`): no
 * `WebAssembly` global, or compiling the module is refused (a Content-Security-Policy without
 * `wasm-unsafe-eval`, Cloudflare Workers). `cause` is the compile error, when there was one.
 */
export class Crc32cUnavailableError extends LkError<'LK_CRC32C_UNAVAILABLE'> {
  static override readonly [errorKind]: string = 'Crc32cUnavailableError';
}

/**
 * An argument or codec plugin that cannot work (`LK_BATCH_CONFIG`), named in {@link option}: e.g. a
 * compressor whose `type` is not a Kafka compression type (1 gzip .. 4 zstd), which would otherwise
 * set other attribute bits or mark compressed bytes as uncompressed.
 */
export class BatchConfigError extends LkError<'LK_BATCH_CONFIG'> {
  static override readonly [errorKind]: string = 'BatchConfigError';
  /** The option or argument at fault, e.g. `compressor.type`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('LK_BATCH_CONFIG', `${option}: ${message}`);
    this.option = option;
  }
}
