// A minimal WebAssembly binary encoder: only the sections and instructions the CRC-32C module uses
// (https://webassembly.github.io/spec/core/binary/). Instructions are byte arrays named after
// their text-format mnemonics, so a function body reads like WAT: [local.get(0), i32.const(16), i32.add].
// Every value is an i32; nothing else is needed, and keeping it that way keeps this file small.

/** Encoded bytes of one instruction, or of several in sequence. */
export type Code = readonly number[];

/** Unsigned LEB128, for sizes, counts, indices and memory offsets. */
export function uleb128(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128, for i32 constants. */
export function sleb128(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const I32 = 0x7f;
const EMPTY_BLOCK_TYPE = 0x40;
const END = 0x0b;
/** Memory operands: log2 of the alignment hint, then the constant offset added to the address. */
const memarg = (log2Align: number, offset: number): number[] => [log2Align, ...uleb128(offset)];

export const local = {
  get: (index: number): Code => [0x20, ...uleb128(index)],
  set: (index: number): Code => [0x21, ...uleb128(index)],
};

export const i32 = {
  const: (value: number): Code => [0x41, ...sleb128(value)],
  /** 4-byte little-endian load from `address + offset` (unaligned addresses are allowed). */
  load: (offset = 0): Code => [0x28, ...memarg(2, offset)],
  /** 1-byte load from `address + offset`, zero-extended. */
  load8U: (offset = 0): Code => [0x2d, ...memarg(0, offset)],
  add: [0x6a] as Code,
  and: [0x71] as Code,
  xor: [0x73] as Code,
  shl: [0x74] as Code,
  shrU: [0x76] as Code,
  gtU: [0x4b] as Code,
  geU: [0x4f] as Code,
};

/** `block ... end`: `br` to it jumps past its end. */
export const block = (...body: Code[]): Code => [0x02, EMPTY_BLOCK_TYPE, ...body.flat(), END];
/** `loop ... end`: `br` to it jumps back to its start. */
export const loop = (...body: Code[]): Code => [0x03, EMPTY_BLOCK_TYPE, ...body.flat(), END];
/** Branch to the enclosing block or loop `depth` levels out (0 = innermost). */
export const br = (depth: number): Code => [0x0c, ...uleb128(depth)];
export const brIf = (depth: number): Code => [0x0d, ...uleb128(depth)];

/** An exported function over i32 values: parameters are locals 0…params-1, then the extra locals. */
export interface FunctionDefinition {
  exportName: string;
  params: number;
  results: number;
  locals: number;
  body: Code[];
}

export interface ModuleDefinition {
  /** Exported as "memory", fixed size (minimum = maximum), in 64 KiB pages. */
  memoryPages: number;
  functions: FunctionDefinition[];
}

const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const SECTION = { type: 1, function: 3, memory: 5, export: 7, code: 10 };
const EXPORT_KIND = { function: 0, memory: 2 };

const vector = (items: Code[]): number[] => [...uleb128(items.length), ...items.flat()];
const section = (id: number, content: Code): number[] => [id, ...uleb128(content.length), ...content];
const name = (text: string): number[] => {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb128(bytes.length), ...bytes];
};

/** Encodes a module with one memory and the given functions, each with its own type. */
export function encodeModule(definition: ModuleDefinition): Uint8Array {
  const { memoryPages, functions } = definition;
  const types = functions.map((f) => [
    0x60,
    ...vector(Array.from({ length: f.params }, () => [I32])),
    ...vector(Array.from({ length: f.results }, () => [I32])),
  ]);
  const functionTypes = functions.map((_, index) => uleb128(index));
  const memory = [0x01, ...uleb128(memoryPages), ...uleb128(memoryPages)]; // limits with a maximum
  const exports = [
    [...name('memory'), EXPORT_KIND.memory, 0],
    ...functions.map((f, index) => [...name(f.exportName), EXPORT_KIND.function, ...uleb128(index)]),
  ];
  const bodies = functions.map((f) => {
    const localGroups = f.locals > 0 ? vector([[...uleb128(f.locals), I32]]) : vector([]);
    const body = [...localGroups, ...f.body.flat(), END];
    return [...uleb128(body.length), ...body];
  });
  return new Uint8Array([
    ...MAGIC_AND_VERSION,
    ...section(SECTION.type, vector(types)),
    ...section(SECTION.function, vector(functionTypes)),
    ...section(SECTION.memory, vector([memory])),
    ...section(SECTION.export, vector(exports)),
    ...section(SECTION.code, vector(bodies)),
  ]);
}
