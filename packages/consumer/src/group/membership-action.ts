import { KafkaError } from '@lk/api';
import { TimeoutError, TransportError } from '@lk/client';
import { COORDINATOR_MOVED } from '../kafka-codes.ts';

/**
 * What a group member does after a failed group call:
 * - `retry`: the coordinator moved, is loading or did not answer; look it up again and repeat.
 * - `rejoin`: join again; with `lost`, the member's partitions are gone (its generation is over:
 *   another member may already own them), so they are reported lost, not revoked.
 * - `fatal`: the group refuses this member; the consumer stops with the error.
 */
export type MembershipAction =
  | { kind: 'retry'; error: Error }
  | { kind: 'rejoin'; lost: boolean; error: KafkaError }
  | { kind: 'fatal'; error: Error };

/**
 * Classifies an error of a group call: coordinator moves retry, the codes in `rejoinKeeping` join
 * again keeping the partitions, those in `rejoinLosing` join again after losing them, the rest is
 * fatal.
 */
export function membershipAction(
  error: unknown,
  rejoinKeeping: readonly number[],
  rejoinLosing: readonly number[],
): MembershipAction {
  // No answer: the coordinator may be moving or restarting; the session timeout bounds the wait.
  if (error instanceof TransportError || error instanceof TimeoutError) return { kind: 'retry', error };
  if (!(error instanceof KafkaError)) return { kind: 'fatal', error: error as Error };
  if (COORDINATOR_MOVED.has(error.errorCode)) return { kind: 'retry', error };
  if (rejoinKeeping.includes(error.errorCode)) return { kind: 'rejoin', lost: false, error };
  if (rejoinLosing.includes(error.errorCode)) return { kind: 'rejoin', lost: true, error };
  return { kind: 'fatal', error };
}
