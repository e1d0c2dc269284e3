import { describeBrokerInterop } from '@lk/codec-testkit/broker-interop';
import { lz4 } from '../src/index.ts';

describeBrokerInterop(lz4(), 'lz4');
