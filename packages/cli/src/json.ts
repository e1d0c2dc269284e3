// JSON for Kafka values: int64 (bigint) printed as strings, since JSON numbers lose precision past
// 2^53; bytes as base64 strings. Both are accepted back in input (see ../README.md, `lk call`).

/** JSON.stringify that writes bigints as decimal strings, Uint8Arrays as base64 strings and errors as { error, errorCode, message }. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, replacer, indent);
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    const e = value as Error & { errorCode?: number; errorName?: string; code?: string };
    return {
      error: e.errorName ?? e.code ?? e.name,
      ...(e.errorCode === undefined ? {} : { errorCode: e.errorCode }),
      message: e.message,
    };
  }
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  // Buffer's own toJSON has run already when the value is a Buffer: turn its {type, data} back.
  if (
    value !== null &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((value as { data?: unknown }).data)
  ) {
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  }
  return value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes for JSON output: a string when they are valid UTF-8, else `{ "base64": "..." }`, so that
 * any value survives the trip (null stays null).
 */
export function bytesToJson(bytes: Uint8Array | null): string | { base64: string } | null {
  if (bytes === null) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return { base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  }
}
