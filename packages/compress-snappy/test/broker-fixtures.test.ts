// Batches kcat and the Java producer compressed with snappy, as a 4.3.1 broker served them (captured by
// tools/codec-testkit/src/capture.ts): decoded offline with this codec, and fuzzed.
import { describeBrokerFixtures } from '@lk/codec-testkit/broker-fixtures';
import { snappy } from '../src/index.ts';

describeBrokerFixtures(snappy(), new URL('fixtures/broker/', import.meta.url));
