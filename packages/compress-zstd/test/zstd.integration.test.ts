import { describeBrokerInterop } from '@lk/codec-testkit/broker-interop';
import { zstd } from '../src/index.ts';

describeBrokerInterop(zstd(), 'zstd');
