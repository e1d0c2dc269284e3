import { DecodeError, EncodeError } from '@lk/varint';

// Kafka prints a Uuid as URL-safe base64 without padding (22 characters), e.g. topic ids.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** The all-zero uuid, which Kafka uses for "no id". */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** Writes a uuid given in Kafka's base64url form as 16 bytes at `pos`. */
export function writeUuid(buf: Uint8Array, pos: number, uuid: string): void {
  if (uuid.length !== 22)
    throw new EncodeError('LK_WIRE_UUID', `uuid must be 22 base64url characters: ${uuid}`);
  let bits = 0;
  let acc = 0;
  let out = pos;
  for (let i = 0; i < 22; i++) {
    const code = uuid.charCodeAt(i);
    const value = code < 128 ? LOOKUP[code]! : -1;
    if (value < 0) throw new EncodeError('LK_WIRE_UUID', `uuid is not base64url: ${uuid}`);
    acc = (acc << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      buf[out++] = (acc >> bits) & 0xff;
    }
  }
  // 22 characters carry 132 bits; the last 4 must be zero for a canonical uuid.
  if ((acc & 0x0f) !== 0) throw new EncodeError('LK_WIRE_UUID', `uuid is not canonical base64url: ${uuid}`);
}

/** Reads 16 bytes at `pos` as a uuid in Kafka's base64url form. */
export function readUuid(buf: Uint8Array, pos: number): string {
  if (pos + 16 > buf.length) throw new DecodeError('LK_WIRE_TRUNCATED', 'uuid runs past the end', pos);
  let out = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < 16; i++) {
    acc = ((acc & 0xff) << 8) | buf[pos + i]!;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(acc >> bits) & 0x3f];
    }
  }
  return out + ALPHABET[(acc << (6 - bits)) & 0x3f];
}
