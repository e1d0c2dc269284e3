import { describeBrokerInterop } from '../../compress-gzip/test/shared/broker-interop.ts';
import { lz4 } from '../src/index.ts';

describeBrokerInterop(lz4(), 'lz4');
