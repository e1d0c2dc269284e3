/**
 * Joins byte arrays into one. A single part is returned as is (no copy); pass `totalSize` when the
 * caller already tracks it, to skip the summing pass.
 *
 * @example `concatBytes([new Uint8Array([1]), new Uint8Array([2, 3])]) // Uint8Array [1, 2, 3]`
 */
export function concatBytes(parts: readonly Uint8Array[], totalSize?: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let size = totalSize ?? 0;
  if (totalSize === undefined) for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
