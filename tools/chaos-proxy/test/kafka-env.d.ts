// Types of inject('kafka') (provided by the broker harness's vitest global setup).
/// <reference path="../../kafka/src/vitest-provide.d.ts" />
