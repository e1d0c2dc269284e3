// Type for inject('kafka') in test files; the value is provided by vitest-global-setup.ts.
import type { KafkaInfo } from './cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafka: KafkaInfo;
  }
}
