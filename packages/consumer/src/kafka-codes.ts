import { ErrorCode } from '@lk/api';

/** The Kafka error codes by their Java names, from @lk/api. */
export { ErrorCode };

/** Errors after which the coordinator must be looked up again; the request was not processed. */
export const COORDINATOR_MOVED: ReadonlySet<number> = new Set([
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
]);
