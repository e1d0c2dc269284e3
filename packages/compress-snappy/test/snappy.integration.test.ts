import { describeBrokerInterop } from '../../compress-gzip/test/shared/broker-interop.ts';
import { snappy } from '../src/index.ts';

describeBrokerInterop(snappy(), 'snappy');
