// Types of inject('kafka') (provided by the broker harness's vitest global setup).
/// <reference path="../../../tools/kafka/src/vitest-provide.d.ts" />
