import { describeBrokerInterop } from '@lk/codec-testkit/broker-interop';
import { snappy } from '../src/index.ts';

describeBrokerInterop(snappy(), 'snappy');
