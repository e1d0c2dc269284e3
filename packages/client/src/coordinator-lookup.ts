import { CoordinatorType as CoordinatorKeyType, type FindCoordinator } from '@lk/api';
import type { RequestOf, ResponseOf } from './connection.ts';

/** Which coordinator: of a consumer group, or of a transactional id. */
export type CoordinatorType = 'group' | 'transaction';

const COORDINATOR_KEY_TYPE = {
  group: CoordinatorKeyType.GROUP,
  transaction: CoordinatorKeyType.TRANSACTION,
} as const;

type FindCoordinatorResponse = ResponseOf<typeof FindCoordinator>;

/** A FindCoordinator request for one key, at any version. */
export function findCoordinatorRequest(
  key: string,
  type: CoordinatorType,
): (version: number) => RequestOf<typeof FindCoordinator> {
  // v4+ batches keys in `coordinatorKeys`; older versions take one `key`.
  return (version) => ({
    key: version >= 4 ? '' : key,
    keyType: COORDINATOR_KEY_TYPE[type],
    coordinatorKeys: version >= 4 ? [key] : [],
  });
}

/** The answer for `key`: v4+ answers in `coordinators`, older versions at the top level. */
export function coordinatorEntry(
  response: FindCoordinatorResponse,
  key: string,
): { errorCode: number; errorMessage: string | null; nodeId: number; host: string; port: number } {
  return response.coordinators.find((c: { key: string }) => c.key === key) ?? response;
}
