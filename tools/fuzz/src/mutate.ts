// The inputs of one family: every truncation and boundary-value mutation of each seed, then random
// mutations up to the count asked for. The sequence depends only on the seeds and the run's seed,
// so input `i` can be made again to print it.
import { crc32c } from '@lk/batch';
import { Random } from '@lk/chaos-proxy';

/** Values a length or count field is set to: null, empty, huge, sign bit, and magic numbers. */
const INT32_VALUES = [-2, -1, 0, 1, 0x7fff, 0x7fffffff, -0x80000000, 0x48545450];
const INT16_VALUES = [-1, 0, 0x7fff, -0x8000];
const BYTE_VALUES = [0x00, 0x7f, 0x80, 0xff];

/** Truncations of one seed: all of them up to 4 KiB, evenly spread beyond. */
const MAX_TRUNCATIONS = 4096;
/** Boundary values per position: 8 + 2 int32, 4 int16, 4 bytes. */
const VALUES_PER_POSITION = 18;

function spread(length: number, most: number): number[] {
  if (length <= most) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: most }, (_, i) => Math.floor((i * length) / most));
}

/** Recomputes the CRC-32C of every v2 batch header it can find, so mutations reach the codecs. */
export function reseal(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; bytes.length - at >= 61; ) {
    const length = view.getInt32(at + 8);
    const end = length >= 49 && at + 12 + length <= bytes.length ? at + 12 + length : bytes.length;
    view.setUint32(at + 17, crc32c(bytes.subarray(at + 21, end)));
    at = end;
  }
  return bytes;
}

/** One input and how it was made (for the report of a failure). */
export interface Input {
  bytes: Uint8Array;
  /** The seed it came from (index into the family's seeds). */
  seed: number;
  how: string;
}

/**
 * The family's inputs, in order: exhaustive truncations and boundary values of every seed,
 * then random mutations until `count` (at least). With `resealEveryOther`, every other input
 * gets valid batch CRCs.
 */
export function* inputs(
  given: readonly Uint8Array[],
  count: number,
  runSeed: number,
  resealEveryOther = false,
): Generator<Input> {
  // Plain copies: a Buffer's slice() would share memory with it.
  const seeds = given.map((seed) => Uint8Array.from(seed));
  let made = 0;
  const out = (input: Input): Input => {
    made++;
    if (resealEveryOther && made % 2 === 0) {
      input.bytes = reseal(input.bytes);
      input.how += ' +crc';
    }
    return input;
  };
  for (const [seed, bytes] of seeds.entries()) {
    for (const length of spread(bytes.length, MAX_TRUNCATIONS)) {
      yield out({ bytes: bytes.slice(0, length), seed, how: `truncated to ${length}` });
    }
  }
  // Boundary values at every position of small seeds; with more bytes than `count` inputs can
  // cover, at evenly spread positions.
  const positions = Math.max(16, Math.ceil(count / VALUES_PER_POSITION / seeds.length));
  for (const [seed, bytes] of seeds.entries()) {
    for (const at of spread(bytes.length, positions)) {
      for (const value of INT32_VALUES) yield out(withInt(bytes, at, 4, value, seed));
      for (const value of INT32_VALUES.slice(0, 2)) {
        // Off by one from what is really left after the field.
        const left = bytes.length - at - 4;
        yield out(withInt(bytes, at, 4, left + value + 2, seed));
      }
      for (const value of INT16_VALUES) yield out(withInt(bytes, at, 2, value, seed));
      for (const value of BYTE_VALUES) yield out(withInt(bytes, at, 1, value, seed));
    }
  }
  const random = new Random(runSeed);
  while (made < count) yield out(randomMutation(seeds, random));
}

function withInt(bytes: Uint8Array, at: number, size: 1 | 2 | 4, value: number, seed: number): Input {
  const copy = Uint8Array.from(bytes);
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  if (at + size > copy.length) return { bytes: copy, seed, how: `int${size * 8} past the end` };
  if (size === 4) view.setInt32(at, value);
  else if (size === 2) view.setInt16(at, value);
  else view.setUint8(at, value & 0xff);
  return { bytes: copy, seed, how: `int${size * 8} ${value} at ${at}` };
}

/** Bit flips, byte sets, inserts, deletes and splices of a random seed, a few at a time. */
function randomMutation(seeds: readonly Uint8Array[], random: Random): Input {
  const seed = random.int(0, seeds.length - 1);
  let bytes: Uint8Array = seeds[seed]!.slice();
  const steps: string[] = [];
  for (let n = random.int(1, 4); n > 0; n--) {
    const at = bytes.length === 0 ? 0 : random.int(0, bytes.length - 1);
    switch (random.int(0, 4)) {
      case 0:
        if (bytes.length > 0) bytes[at]! ^= 1 << random.int(0, 7);
        steps.push(`flip@${at}`);
        break;
      case 1:
        if (bytes.length > 0) bytes[at] = random.int(0, 255);
        steps.push(`set@${at}`);
        break;
      case 2: {
        const extra = Uint8Array.from({ length: random.int(1, 8) }, () => random.int(0, 255));
        bytes = concat(bytes.subarray(0, at), extra, bytes.subarray(at));
        steps.push(`insert${extra.length}@${at}`);
        break;
      }
      case 3: {
        const end = Math.min(bytes.length, at + random.int(1, 16));
        bytes = concat(bytes.subarray(0, at), bytes.subarray(end));
        steps.push(`delete@${at}`);
        break;
      }
      default: {
        const other = random.pick(seeds);
        const from = random.int(0, other.length);
        bytes = concat(bytes.subarray(0, at), other.subarray(from));
        steps.push(`splice@${at}`);
      }
    }
  }
  return { bytes, seed, how: `random ${steps.join(',')}` };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
