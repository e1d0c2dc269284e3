import { ErrorCode } from '../kafka-codes.ts';
import { partitionKey } from '../topic-partition.ts';

/** What one partition asks for in a Fetch request. */
export interface FetchPartitionRequest {
  topic: string;
  topicId: string;
  partition: number;
  fetchOffset: bigint;
  currentLeaderEpoch: number;
  lastFetchedEpoch: number;
  maxBytes: number;
}

/** The session part of one Fetch request: what to send, and what to tell the broker to forget. */
export interface SessionRequest {
  sessionId: number;
  sessionEpoch: number;
  /** A full request lists every partition; an incremental one only what is new or changed. */
  full: boolean;
  partitions: FetchPartitionRequest[];
  forgotten: { topic: string; topicId: string; partition: number }[];
}

/** The epoch of a request that (re)creates a session. */
const INITIAL_EPOCH = 0;

/**
 * A KIP-227 fetch session with one broker, without I/O (Java's FetchSessionHandler). The first
 * request is full (session id 0, epoch 0) and the broker answers with a session id; later requests
 * are incremental: they carry only the partitions added or changed since the last one (a new fetch
 * offset, epoch or size) and list the ones to forget, and the broker answers only for partitions
 * with news. The epoch goes up by one per answered request. A session error, a failed request or a
 * broker that gives no session id means full requests again.
 */
export class FetchSession {
  sessionId = 0;
  epoch = INITIAL_EPOCH;
  /** What the broker's session holds, as last sent. */
  private sent = new Map<string, FetchPartitionRequest>();
  private pending: Map<string, FetchPartitionRequest> | null = null;

  /** The next request for `wanted`, the partitions to fetch from this broker now. */
  next(wanted: readonly FetchPartitionRequest[]): SessionRequest {
    const byKey = new Map(wanted.map((p) => [partitionKey(p.topic, p.partition), p]));
    this.pending = byKey;
    if (this.sessionId === 0 || this.epoch === INITIAL_EPOCH) {
      return {
        sessionId: 0,
        sessionEpoch: INITIAL_EPOCH,
        full: true,
        partitions: [...wanted],
        forgotten: [],
      };
    }
    const partitions = [...byKey].filter(([key, p]) => !sameRequest(this.sent.get(key), p)).map(([, p]) => p);
    const forgotten = [...this.sent]
      .filter(([key]) => !byKey.has(key))
      .map(([, p]) => ({ topic: p.topic, topicId: p.topicId, partition: p.partition }));
    return { sessionId: this.sessionId, sessionEpoch: this.epoch, full: false, partitions, forgotten };
  }

  /** The broker answered the last request with this top-level error code and session id. */
  answered(errorCode: number, sessionId: number): void {
    if (isSessionError(errorCode)) {
      this.reset();
      return;
    }
    if (errorCode !== ErrorCode.NONE) return;
    this.sent = this.pending ?? new Map();
    this.pending = null;
    if (this.epoch === INITIAL_EPOCH || this.sessionId === 0) {
      this.sessionId = sessionId;
      this.epoch = sessionId === 0 ? INITIAL_EPOCH : 1;
    } else {
      this.epoch = this.epoch === 2 ** 31 - 1 ? 1 : this.epoch + 1;
    }
  }

  /** The request failed (no answer): what the broker holds is unknown, so start over. */
  reset(): void {
    this.sessionId = 0;
    this.epoch = INITIAL_EPOCH;
    this.sent.clear();
    this.pending = null;
  }
}

export function isSessionError(errorCode: number): boolean {
  return (
    errorCode === ErrorCode.FETCH_SESSION_ID_NOT_FOUND ||
    errorCode === ErrorCode.INVALID_FETCH_SESSION_EPOCH ||
    errorCode === ErrorCode.FETCH_SESSION_TOPIC_ID_ERROR
  );
}

function sameRequest(a: FetchPartitionRequest | undefined, b: FetchPartitionRequest): boolean {
  return (
    a !== undefined &&
    a.fetchOffset === b.fetchOffset &&
    a.currentLeaderEpoch === b.currentLeaderEpoch &&
    a.lastFetchedEpoch === b.lastFetchedEpoch &&
    a.maxBytes === b.maxBytes &&
    a.topicId === b.topicId
  );
}
