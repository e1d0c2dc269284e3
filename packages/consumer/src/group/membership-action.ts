import { KafkaError } from '@lk/api';
import { COORDINATOR_MOVED } from '../kafka-codes.ts';

/**
 * What a group member does after a failed group call:
 * - `retry`: the coordinator moved or is loading; look it up again and repeat the call.
 * - `rejoin`: join again; with `lost`, the member's partitions are gone (its generation is over:
 *   another member may already own them), so they are reported lost, not revoked.
 * - `fatal`: the group refuses this member; the consumer stops with the error.
 */
export type MembershipAction =
  | { kind: 'retry'; error: KafkaError }
  | { kind: 'rejoin'; lost: boolean; error: KafkaError }
  | { kind: 'fatal'; error: Error };

/** Classifies an error thrown by a group call (coordinator moves first; the rest by the caller). */
export function coordinatorRetry(error: unknown): MembershipAction | null {
  if (error instanceof KafkaError && COORDINATOR_MOVED.has(error.errorCode)) return { kind: 'retry', error };
  return null;
}
