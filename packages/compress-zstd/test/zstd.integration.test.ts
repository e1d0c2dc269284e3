import { describeBrokerInterop } from '../../compress-gzip/test/shared/broker-interop.ts';
import { zstd } from '../src/index.ts';

describeBrokerInterop(zstd(), 'zstd');
