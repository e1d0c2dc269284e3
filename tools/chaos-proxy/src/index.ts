/**
 * @lk/chaos-proxy: a loopback TCP proxy between Kafka clients and real brokers for fault tests,
 * programmable per connection and direction; also `src/cli.ts`.
 * @module
 */

export { type AppliedFault, ChaosSchedule } from './chaos.ts';
export { ProxiedConnection } from './connection.ts';
export { DeliveryLedger, type DeliveryReport, type ProduceOutcome } from './delivery-check.ts';
export { type Direction, type Fault, PASS, parseFault, randomCut, randomFault } from './faults.ts';
export type { RequestInfo } from './frames.ts';
export { grows, type MemoryTrend, memoryTrend } from './memory-trend.ts';
export { Pipe } from './pipe.ts';
export { ChaosProxy, type ChaosProxyOptions, type ProxyListener, startChaosProxy } from './proxy.ts';
export { Random } from './random.ts';
export { ADDRESS_APIS } from './rewrite.ts';
