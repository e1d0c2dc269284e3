import { gzip } from '../src/index.ts';
import { describeBrokerInterop } from './shared/broker-interop.ts';

describeBrokerInterop(gzip(), 'gzip');
