import { describeBrokerInterop } from '@lk/codec-testkit/broker-interop';
import { gzip } from '../src/index.ts';

describeBrokerInterop(gzip(), 'gzip');
