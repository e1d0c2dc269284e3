// Record sets kcat and the Java producer wrote, as a 4.3.1 broker served them (captured by
// tools/codec-testkit/src/capture.ts; see fixtures/README.md): decoded offline, and fuzzed.
import { Batch, splitRecordSet } from '@lk/batch';
import {
  describeRecordSetFuzz,
  expectClockTimestamps,
  expectRecordSet,
} from '@lk/codec-testkit/broker-fixtures';
import { readHexFixture } from '@lk/codec-testkit/hex-fixture';
import { JAVA_RECORDS, KCAT_RECORDS } from '@lk/codec-testkit/interop-records';
import { describe, expect, it } from 'vitest';

const kcatSet = readHexFixture(new URL('fixtures/batch/kcat-records.hex', import.meta.url));
const javaSet = readHexFixture(new URL('fixtures/batch/java-records.hex', import.meta.url));

describe('record sets captured from a broker', () => {
  it('decodes what kcat (librdkafka 2.0.2) wrote exactly: null key, null value, shared headers', () => {
    expectClockTimestamps(expectRecordSet(kcatSet, KCAT_RECORDS));
  });

  it('decodes what the Java producer wrote exactly: per-record headers, null and empty fields', () => {
    expectClockTimestamps(expectRecordSet(javaSet, JAVA_RECORDS));
  });

  it("keeps each writer's batch header: librdkafka without idempotence, Java idempotent", () => {
    const header = (set: Uint8Array) =>
      splitRecordSet(set).map((bytes) => {
        const b = Batch.unmarshal(bytes);
        return [b.baseOffset, b.recordsCount, b.producerId >= 0n, b.baseSequence];
      });
    expect(header(kcatSet)).toEqual([[0n, 3, false, -1]]);
    expect(header(javaSet)).toEqual([[0n, 4, true, 0]]);
  });

  it('re-marshals every captured batch to the same bytes', () => {
    for (const bytes of [...splitRecordSet(kcatSet), ...splitRecordSet(javaSet)]) {
      const batch = Batch.unmarshal(bytes);
      expect(Buffer.from(new Batch(batch.fields()).marshal()).equals(Buffer.from(bytes))).toBe(true);
    }
  });
});

describeRecordSetFuzz('kcat record set', kcatSet);
describeRecordSetFuzz('Java record set', javaSet);
