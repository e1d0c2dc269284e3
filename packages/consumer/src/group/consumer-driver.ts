import { performance } from 'node:perf_hooks';
import { ConsumerGroupHeartbeat } from '@lk/api';
import { ErrorCode } from '../kafka-codes.ts';
import { ConsumerMember, type ConsumerSubscription, consumerAction } from './consumer-member.ts';
import { type DriverContext, sleep } from './rebalance.ts';

const RETRY_BACKOFF_MS = 100;

/** The coordinator does not speak KIP-848: the consumer falls back to the classic protocol. */
export class ConsumerProtocolUnsupported extends Error {}

/**
 * Runs a KIP-848 group member: ConsumerGroupHeartbeat at the interval the coordinator sets, the
 * target assignment reconciled (revocations awaited first, topic ids resolved through the metadata
 * cache), and acked by the next heartbeat, sent at once. Fenced or unknown members lose their
 * partitions and join again at epoch 0 with the same member id.
 */
export class ConsumerDriver {
  readonly member: ConsumerMember;
  private readonly ctx: DriverContext;
  private readonly subscription: ConsumerSubscription;
  private joined = false;

  constructor(ctx: DriverContext) {
    this.ctx = ctx;
    const { options } = ctx;
    this.member = new ConsumerMember(options.heartbeatIntervalMs);
    this.subscription = {
      topics: options.topicPattern === null ? options.topics : null,
      pattern: options.topicPattern?.source ?? null,
      remoteAssignor: options.remoteAssignor,
      rackId: options.rackId,
      instanceId: options.groupInstanceId,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs,
    };
  }

  /**
   * Runs until `signal` fires or the group refuses the member. Throws
   * {@link ConsumerProtocolUnsupported} when the very first heartbeat is refused as unsupported.
   */
  async run(signal: AbortSignal): Promise<void> {
    let failingSince: number | null = null;
    while (!signal.aborted) {
      let response: Awaited<ReturnType<typeof this.heartbeat>>;
      try {
        response = await this.heartbeat(signal);
        failingSince = null;
      } catch (error) {
        if (signal.aborted) return;
        const action = consumerAction(error);
        if (action.kind === 'fatal') {
          this.ctx.handler.failed(action.error);
          return;
        }
        failingSince ??= performance.now();
        if (performance.now() - failingSince >= this.ctx.options.sessionTimeoutMs)
          await this.lose(action.error);
        this.ctx.group.disconnect(true);
        await sleep(RETRY_BACKOFF_MS, signal);
        continue;
      }
      if (!this.joined && response.errorCode === ErrorCode.UNSUPPORTED_VERSION)
        throw new ConsumerProtocolUnsupported();
      const action = this.member.answer(response);
      if (action !== null) {
        if (action.kind === 'fatal') {
          this.ctx.handler.failed(action.error);
          return;
        }
        if (action.kind === 'retry') this.ctx.group.disconnect(true);
        if (action.kind === 'rejoin') await this.lose(action.error);
        await sleep(RETRY_BACKOFF_MS, signal);
        continue;
      }
      this.joined = true;
      await this.reconcile();
      if (!this.member.ackDue) await sleep(this.member.heartbeatIntervalMs, signal);
    }
  }

  /** Leaves the group: revokes what it owns, then heartbeats epoch -1 (static members -2). */
  async leave(): Promise<void> {
    const owned = this.member.owned;
    if (owned.length > 0) await this.ctx.handler.revoke(owned);
    this.member.revoked(owned);
    if (!this.joined) return;
    try {
      await this.ctx.group.call(ConsumerGroupHeartbeat, {
        ...ConsumerGroupHeartbeat.newRequest(),
        groupId: this.ctx.group.groupId,
        ...this.member.leave(this.subscription),
      });
    } catch {
      // The coordinator drops the member after its session timeout.
    }
  }

  private async heartbeat(signal: AbortSignal) {
    const response = await this.ctx.group.call(
      ConsumerGroupHeartbeat,
      {
        ...ConsumerGroupHeartbeat.newRequest(),
        groupId: this.ctx.group.groupId,
        ...this.member.heartbeat(this.subscription),
      },
      { signal, timeoutMs: this.ctx.options.sessionTimeoutMs },
    );
    // Commits carry the member id and epoch (OffsetCommit v9+).
    this.ctx.group.memberId = this.member.memberId;
    this.ctx.group.generationId = this.member.memberEpoch;
    return response;
  }

  private async reconcile(): Promise<void> {
    const names = (id: string): string | undefined => this.ctx.cluster.metadata.topicById(id)?.name;
    let step = this.member.reconcile(names);
    if (step.unresolved.length > 0) {
      // Topic ids the cache does not know: new topics (or a pattern's), learn them.
      try {
        await this.ctx.cluster.metadata.refresh(null);
      } catch {
        // Resolved at a later heartbeat.
      }
      step = this.member.reconcile(names);
    }
    if (step.revoke.length > 0) {
      await this.ctx.handler.revoke(step.revoke);
      this.member.revoked(step.revoke);
    }
    if (step.assign.length > 0) {
      await this.ctx.handler.assign(step.assign);
      this.member.assigned(step.assign);
    }
  }

  private async lose(cause: Error): Promise<void> {
    const lost = this.member.lose();
    this.ctx.group.generationId = -1;
    if (lost.length > 0) await this.ctx.handler.lose(lost);
    this.ctx.handler.rejoining(cause.message, true, cause);
  }
}
