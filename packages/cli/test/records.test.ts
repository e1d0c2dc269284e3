import { PassThrough, Writable } from 'node:stream';
import { Batch, Builder, DecodedRecordSet, type RecordSetCursor, type RecordToAdd } from '@lk/batch';
import { describe, expect, it } from 'vitest';
import { compileFormat } from '../src/format.ts';
import { bytesToJson, toJson } from '../src/json.ts';
import { DataOut } from '../src/output.ts';
import { delimiterBytes, RecordSplitter } from '../src/records-in.ts';
import { formatPrinter, jsonPrinter, valueLinePrinter } from '../src/records-out.ts';

function collect(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

const record: RecordToAdd = {
  timestamp: 1_700_000_000_000,
  key: Buffer.from('k1'),
  value: Uint8Array.from([0x00, 0xff, 0x0a, 0x41]),
  headers: [
    { key: 'a', value: Buffer.from('1') },
    { key: 'b', value: null },
  ],
};

/** A cursor over `records` as fetched: one real batch at `baseOffset`, CRC checked. */
function fetched(records: readonly RecordToAdd[], baseOffset = 9007199254740993n): RecordSetCursor {
  const builder = new Builder();
  for (const r of records) builder.add(r);
  const bytes = new Batch({ ...builder.build().fields(), baseOffset }).marshal();
  return DecodedRecordSet.decode(bytes).cursor();
}

/** The cursor at the first of `records`. */
function at(records: readonly RecordToAdd[]): RecordSetCursor {
  const cursor = fetched(records);
  cursor.next();
  return cursor;
}

describe('output formats', () => {
  it('writes every % field, escapes and binary values as bytes', async () => {
    const { stream, bytes } = collect();
    const out = new DataOut(stream);
    formatPrinter(compileFormat('%t|%p|%o|%k|%K|%S|%T|%h|%%|\\t|%s\\n'))(out, at([record]), 'events', 3);
    await out.flush();
    expect(bytes()).toEqual(
      Buffer.concat([
        Buffer.from('events|3|9007199254740993|k1|2|4|1700000000000|a=1,b=|%|\t|'),
        Buffer.from([0, 0xff, 0x0a, 0x41]),
        Buffer.from('\n'),
      ]),
    );
  });

  it('the default output (value and newline) is byte for byte what %s\\n gives, across output chunks', async () => {
    // 700 records of 1000 bytes cross several 256 KiB output chunks, at every offset in them.
    const records: RecordToAdd[] = Array.from({ length: 700 }, (_, i) => ({
      ...record,
      value: i % 100 === 7 ? null : Buffer.alloc(1000 + (i % 3), i % 256),
    }));
    const printed = async (printer: typeof valueLinePrinter) => {
      const { stream, bytes } = collect();
      const out = new DataOut(stream);
      for (const cursor = fetched(records); cursor.next(); ) printer(out, cursor, 'events', 0);
      await out.flush();
      return bytes();
    };
    const fast = await printed(valueLinePrinter);
    expect(fast).toEqual(await printed(formatPrinter(compileFormat('%s\\n'))));
    expect(fast.length).toBe(records.reduce((n, r) => n + (r.value?.length ?? 0) + 1, 0));
  });

  it('a stream without a file descriptor keeps the chunks it was given: DataOut does not reuse them', async () => {
    const stream = new PassThrough();
    const kept: Buffer[] = [];
    stream.on('data', (d: Buffer) => kept.push(d)); // no copy, as a caller's stream may do
    const out = new DataOut(stream);
    const lines = Array.from({ length: 3000 }, (_, i) => Buffer.alloc(300, i % 251));
    for (const [i, line] of lines.entries()) {
      out.writeBytes(line);
      out.writeByte(0x0a);
      await out.maybeFlush();
      // Now and then a turn of the event loop, where the stream calls back for what it wrote.
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await out.flush();
    expect(Buffer.concat(kept).equals(Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])))).toBe(
      true,
    );
  });

  it('refuses unknown fields and escapes, naming them', () => {
    expect(() => compileFormat('%x')).toThrow("--format: unknown %x in '%x'");
    expect(() => compileFormat('abc\\q')).toThrow("--format: unknown \\q in 'abc\\q'");
    expect(() => compileFormat('%')).toThrow(/unknown %/);
  });

  it('JSON lines: offsets as strings, UTF-8 as text, other bytes as base64', async () => {
    const { stream, bytes } = collect();
    const out = new DataOut(stream);
    jsonPrinter(out, at([record]), 'events', 3);
    await out.flush();
    expect(JSON.parse(bytes().toString())).toEqual({
      topic: 'events',
      partition: 3,
      offset: '9007199254740993',
      timestamp: 1_700_000_000_000,
      key: 'k1',
      value: { base64: Buffer.from([0, 0xff, 0x0a, 0x41]).toString('base64') },
      headers: [
        { key: 'a', value: '1' },
        { key: 'b', value: null },
      ],
    });
    expect(bytesToJson(null)).toBeNull();
    expect(toJson({ n: 2n ** 63n - 1n, b: Uint8Array.from([1, 2]) })).toBe(
      '{"n":"9223372036854775807","b":"AQI="}',
    );
  });
});

describe('input splitting', () => {
  const split = (chunks: string[], delimiter = '\\n', keyDelimiter: string | null = null) => {
    const splitter = new RecordSplitter({
      delimiter: delimiterBytes(delimiter),
      keyDelimiter: keyDelimiter === null ? null : delimiterBytes(keyDelimiter),
    });
    const records: [string | null, string][] = [];
    // Copied at once, as lk produce copies into a batch: the chunk may be reused after push().
    const take = (key: Uint8Array | null, value: Uint8Array) =>
      records.push([key === null ? null : Buffer.from(key).toString(), Buffer.from(value).toString()]);
    for (const c of chunks) {
      const chunk = Buffer.from(c);
      splitter.push(chunk, take);
      chunk.fill(0x23); // reused memory: nothing read later may still point into it
    }
    splitter.end(take);
    return records;
  };

  it('splits lines across chunk boundaries; a last line without newline counts; empty lines are empty records', () => {
    expect(split(['a\nb', 'c\n\nd'])).toEqual([
      [null, 'a'],
      [null, 'bc'],
      [null, ''],
      [null, 'd'],
    ]);
    expect(split(['one', 'two', 'three\n'])).toEqual([[null, 'onetwothree']]);
  });

  it('multi-byte delimiters split across chunks, and keys', () => {
    expect(split(['k1::v1||k2', '::v2|', '|k3::v3'], '||', '::')).toEqual([
      ['k1', 'v1'],
      ['k2', 'v2'],
      ['k3', 'v3'],
    ]);
    expect(split(['novalue\nk:v:w\n'], '\\n', ':')).toEqual([
      [null, 'novalue'],
      ['k', 'v:w'],
    ]);
  });
});
