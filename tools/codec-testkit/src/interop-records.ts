// The records the interop tests and the fixture capture send through other clients, as text, and
// the conversions between them and lk's records. One definition, so that a fixture captured from
// a broker is checked against exactly what its producer was given.
import type { BatchRecord, RecordToAdd } from '@lk/batch';

/** A header as text: key, and value or null. Order and duplicates matter. */
export type TextHeader = readonly [key: string, value: string | null];

/** A record as text: what the console tools read and print. */
export interface TextRecord {
  key: string | null;
  value: string | null;
  headers: readonly TextHeader[];
}

/** A record lk produces itself, with its own timestamp. */
export interface TimedTextRecord extends TextRecord {
  timestamp: number;
}

/**
 * What lk produces for kcat and the Java consumer to read: keys, a null key, an empty key, a null
 * value (tombstone), an empty value, duplicate header keys, null and empty header values, and
 * per-record timestamps that are not in order.
 */
export const LK_RECORDS: readonly TimedTextRecord[] = [
  {
    key: 'user-1',
    value: '{"n":1}',
    headers: [
      ['trace', 't-1'],
      ['trace', 't-2'],
    ],
    timestamp: 1_700_000_000_000,
  },
  { key: null, value: 'no key', headers: [['nullable', null]], timestamp: 1_700_000_000_005 },
  { key: 'user-3', value: null, headers: [], timestamp: 1_700_000_000_002 },
  { key: 'user-4', value: '', headers: [['empty', '']], timestamp: 1_700_000_001_000 },
  {
    key: '',
    value: 'empty key',
    headers: [
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ],
    timestamp: 1_600_000_000_000,
  },
];

/**
 * What kcat (`-P -K '\t' -Z`) writes: kcat gives every record the same headers, and `-Z` turns an
 * empty key or value into null, so empty ones cannot be written.
 */
export const KCAT_RECORDS: readonly TextRecord[] = (() => {
  const headers: TextHeader[] = [
    ['trace', 'abc'],
    ['trace', 'def'],
    ['nullable', null],
    ['empty', ''],
  ];
  return [
    { key: 'k1', value: 'v1', headers },
    { key: null, value: 'null key', headers },
    { key: 'k3', value: null, headers },
  ];
})();

/** What the Java ConsoleProducer (`parse.key`, `parse.headers`, `null.marker`) writes. */
export const JAVA_RECORDS: readonly TextRecord[] = [
  {
    key: 'k1',
    value: 'v1',
    headers: [
      ['trace', 'abc'],
      ['trace', 'def'],
      ['nullable', null],
    ],
  },
  { key: null, value: 'null key', headers: [['h', 'x']] },
  { key: 'k3', value: null, headers: [['empty', '']] },
  { key: 'k4', value: '', headers: [['h', 'y']] },
];

/**
 * The 200 values (no keys, no headers) each codec's broker tests compress. The timestamps are used
 * when lk produces them; the console producers stamp their own.
 */
export function codecLines(who: string): TimedTextRecord[] {
  return Array.from({ length: 200 }, (_, i) => ({
    key: null,
    value: `${who}-${i}-${'{"k":"v","n":12345}'.repeat(5)}`,
    headers: [],
    timestamp: 1_700_000_000_000 + i,
  }));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (s: string | null) => (s === null ? null : encoder.encode(s));
const text = (b: Uint8Array | null) => (b === null ? null : decoder.decode(b));

/** The record to give lk's `Builder`. */
export function toRecordToAdd(record: TimedTextRecord): RecordToAdd {
  return {
    key: bytes(record.key),
    value: bytes(record.value),
    headers: record.headers.map(([key, value]) => ({ key, value: bytes(value) })),
    timestamp: record.timestamp,
  };
}

/** A decoded record as text, for comparison with what a producer was given. */
export function toTextRecord(record: BatchRecord): TextRecord {
  return {
    key: text(record.key),
    value: text(record.value),
    headers: record.headers.map((h): TextHeader => [h.key, text(h.value)]),
  };
}
