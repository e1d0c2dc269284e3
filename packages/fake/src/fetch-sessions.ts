// Fetch sessions (KIP-227): per broker, the partitions a client fetches, so that incremental
// requests carry only changes and responses only partitions with news.

/** One partition of a session: what the client last asked for and what it was last told. */
export interface SessionPartition {
  /** Topic name (v12 and older) or topic id (v13+), as the client names it. */
  readonly topicKey: string;
  readonly topic: string;
  readonly topicId: string;
  readonly partition: number;
  fetchOffset: bigint;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
  lastFetchedEpoch: number;
  /** Sent in the last response: an unchanged partition without records is left out of the next. */
  sentHighWatermark: bigint;
  sentLogStartOffset: bigint;
}

export class FetchSession {
  readonly id: number;
  /** The epoch the next incremental request must carry. */
  epoch = 1;
  readonly partitions = new Map<string, SessionPartition>();
  constructor(id: number) {
    this.id = id;
  }

  static key(topicKey: string, partition: number): string {
    return `${topicKey}\u0000${partition}`;
  }

  /** Advances the expected epoch after a served request (wrapping past INT32_MAX to 1). */
  advance(): void {
    this.epoch = this.epoch === 0x7fffffff ? 1 : this.epoch + 1;
  }
}

/** The sessions of one broker. Kafka caps them (max.incremental.fetch.session.cache.slots); the fake keeps the newest 1000. */
export class FetchSessions {
  readonly #byId = new Map<number, FetchSession>();
  #next = 1;
  static readonly LIMIT = 1000;

  create(): FetchSession {
    const session = new FetchSession(this.#next);
    this.#next = this.#next === 0x7fffffff ? 1 : this.#next + 1;
    this.#byId.set(session.id, session);
    if (this.#byId.size > FetchSessions.LIMIT) {
      const oldest = this.#byId.keys().next().value;
      if (oldest !== undefined) this.#byId.delete(oldest);
    }
    return session;
  }

  get(id: number): FetchSession | undefined {
    return this.#byId.get(id);
  }

  delete(id: number): boolean {
    return this.#byId.delete(id);
  }

  clear(): void {
    this.#byId.clear();
  }
}
