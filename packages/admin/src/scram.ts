import { randomBytes } from 'node:crypto';
import {
  AlterUserScramCredentials,
  DescribeUserScramCredentials,
  kafkaErrorFor,
  ScramMechanism,
} from '@lk/api';
import { type Cluster, SCRAM_MIN_ITERATIONS, type ScramHash, scramSaltedPassword } from '@lk/client';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';

/** One SCRAM credential of a user: its mechanism and iteration count (never the secret). */
export interface ScramCredential {
  readonly mechanism: ScramMechanism;
  readonly iterations: number;
}

/** The outcome of one user of {@link Admin.describeScramUsers}. */
export interface ScramUser extends EntryResult {
  readonly user: string;
  readonly credentials: readonly ScramCredential[];
}

/**
 * A change of {@link Admin.alterScramUsers}: set a user's password for a mechanism (the salted
 * password is computed here; the password is never sent), or delete the user's credential of a
 * mechanism.
 */
export type ScramAlteration =
  | ScramUpsertion
  | { readonly user: string; readonly mechanism: ScramMechanism; readonly delete: true };

/** Sets a user's password for a mechanism: a {@link ScramAlteration}. */
export interface ScramUpsertion {
  readonly user: string;
  readonly mechanism: ScramMechanism;
  readonly password: string;
  /** PBKDF2 iterations. Default 4096, as Kafka's kafka-configs; the broker accepts 4096..16384. */
  readonly iterations?: number;
  /** Default 32 random bytes. */
  readonly salt?: Uint8Array;
}

/** The outcome of one user of {@link Admin.alterScramUsers} (Kafka answers per user, not per change). */
export interface AlteredScramUser extends EntryResult {
  readonly user: string;
}

const HASHES: Partial<Record<ScramMechanism, ScramHash>> = {
  [ScramMechanism.SCRAM_SHA_256]: 'sha256',
  [ScramMechanism.SCRAM_SHA_512]: 'sha512',
};
const SALT_BYTES = 32;

export async function describeScramUsers(
  cluster: Cluster,
  users: readonly string[] | null,
  options: AdminCallOptions,
): Promise<ScramUser[]> {
  const { throwOnError, ...callOptions } = options;
  const response = await cluster.call(
    'any',
    DescribeUserScramCredentials,
    { users: users === null ? null : users.map((name) => ({ name })) },
    callOptions,
  );
  // A request-wide error (e.g. CLUSTER_AUTHORIZATION_FAILED) has no user to belong to.
  const error = kafkaErrorFor(response.errorCode, response.errorMessage);
  if (error) throw error;
  const results = response.results.map((r) => ({
    user: r.user,
    credentials: r.credentialInfos.map((c) => ({
      mechanism: c.mechanism as ScramMechanism,
      iterations: c.iterations,
    })),
    error: kafkaErrorFor(r.errorCode, r.errorMessage),
  }));
  return settle('describeScramUsers', results, (u) => `user:${u.user}`, { throwOnError });
}

export async function alterScramUsers(
  cluster: Cluster,
  alterations: readonly ScramAlteration[],
  options: AdminCallOptions,
): Promise<AlteredScramUser[]> {
  const { throwOnError, ...callOptions } = options;
  // Kafka refuses a request naming a user twice (DUPLICATE_RESOURCE), so each user's k-th
  // alteration goes in the k-th request, one after another; a user's outcome is its first failure.
  const rounds: ScramAlteration[][] = [];
  const seen = new Map<string, number>();
  for (const a of alterations) {
    const round = seen.get(a.user) ?? 0;
    seen.set(a.user, round + 1);
    (rounds[round] ??= []).push(a);
  }
  const outcomes = new Map<string, AlteredScramUser>();
  for (const round of rounds) {
    const response = await cluster.call(
      'any',
      AlterUserScramCredentials,
      await scramRequest(round),
      callOptions,
    );
    for (const r of response.results) {
      if (outcomes.get(r.user)?.error) continue;
      outcomes.set(r.user, { user: r.user, error: kafkaErrorFor(r.errorCode, r.errorMessage) });
    }
  }
  return settle('alterScramUsers', [...outcomes.values()], (u) => `user:${u.user}`, { throwOnError });
}

/** An AlterUserScramCredentials request; the salted passwords computed here. */
async function scramRequest(alterations: readonly ScramAlteration[]) {
  const deletions = alterations.filter((a) => 'delete' in a);
  const upserts = alterations.filter((a): a is ScramUpsertion => !('delete' in a));
  const upsertions = await Promise.all(
    upserts.map(async (a) => {
      const iterations = a.iterations ?? SCRAM_MIN_ITERATIONS;
      const salt = a.salt ?? randomBytes(SALT_BYTES);
      const hash = HASHES[a.mechanism];
      // An unknown mechanism cannot be salted here: send no secret and let the broker refuse it.
      const saltedPassword = hash
        ? await scramSaltedPassword(hash, a.password, salt, iterations)
        : new Uint8Array(0);
      return { name: a.user, mechanism: a.mechanism, iterations, salt, saltedPassword };
    }),
  );
  return { deletions: deletions.map((d) => ({ name: d.user, mechanism: d.mechanism })), upsertions };
}
