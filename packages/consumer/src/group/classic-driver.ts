import { performance } from 'node:perf_hooks';
import type { AssignorTopics } from '../assignors/assignor.ts';
import { ClassicMember, classicAction } from './classic-member.ts';
import type { MembershipAction } from './membership-action.ts';
import { type DriverContext, sleep } from './rebalance.ts';

const RETRY_BACKOFF_MS = 100;

/**
 * Runs a classic group member on a {@link GroupClient}: JoinGroup (MEMBER_ID_REQUIRED handled by
 * the client), the leader's assignment, SyncGroup, then heartbeats until the group rebalances.
 * Eager members revoke everything before joining; cooperative ones keep consuming through the
 * rebalance and revoke only what moved, then join again (KIP-429).
 */
export class ClassicDriver {
  readonly member: ClassicMember;
  private readonly ctx: DriverContext;

  constructor(ctx: DriverContext) {
    this.ctx = ctx;
    const { options } = ctx;
    this.member = new ClassicMember(options.assignors, options.rackId);
  }

  /** Runs until `signal` fires (then leaves the group) or the group refuses the member. */
  async run(signal: AbortSignal): Promise<void> {
    let reason = 'joining';
    while (!signal.aborted) {
      const outcome = await this.rebalance(reason, signal);
      if (outcome === 'stop') return;
      if (outcome === 'rejoin') {
        reason = 'cooperative rebalance: partitions were revoked';
        continue;
      }
      reason = await this.heartbeatUntilRebalance(signal);
    }
  }

  /** Leaves the group (revoking what it owns first). */
  async leave(): Promise<void> {
    const owned = this.member.lose();
    if (owned.length > 0) await this.ctx.handler.revoke(owned);
    if (this.ctx.group.memberId === '') return;
    try {
      await this.ctx.group.leave({ reason: 'the consumer is closing' });
    } catch {
      // The session times out by itself.
    }
  }

  /** One join and sync; 'stable' when the member has its assignment. */
  private async rebalance(reason: string, signal: AbortSignal): Promise<'stable' | 'rejoin' | 'stop'> {
    for (;;) {
      if (signal.aborted) return 'stop';
      const revoked = this.member.beforeJoin();
      if (revoked.length > 0) await this.ctx.handler.revoke(revoked);
      try {
        const topics = await this.subscribedTopics();
        const joined = await this.ctx.group.join(
          {
            sessionTimeoutMs: this.ctx.options.sessionTimeoutMs,
            rebalanceTimeoutMs: this.ctx.options.rebalanceTimeoutMs,
            protocols: this.member.protocols(topics),
            reason,
          },
          { signal, timeoutMs: this.ctx.options.rebalanceTimeoutMs + 5_000 },
        );
        let assignments: { memberId: string; assignment: Uint8Array }[] = [];
        if (joined.leader === joined.memberId) {
          const members = joined.members.map(
            (m: { memberId: string; groupInstanceId: string | null; metadata: Uint8Array }) => ({
              memberId: m.memberId,
              groupInstanceId: m.groupInstanceId,
              metadata: m.metadata,
            }),
          );
          const metadataTopics = await this.assignorTopics(ClassicMember.subscribedTopics(members));
          assignments = this.member.assign(joined.protocolName ?? '', members, metadataTopics);
        }
        const bytes = await this.ctx.group.sync(assignments, { signal });
        const change = this.member.adopt(bytes, joined.generationId);
        if (change.revoked.length > 0) await this.ctx.handler.revoke(change.revoked);
        if (change.assigned.length > 0) await this.ctx.handler.assign(change.assigned);
        return change.rejoin ? 'rejoin' : 'stable';
      } catch (error) {
        if (signal.aborted) return 'stop';
        const action = classicAction(error);
        if (!(await this.onAction(action, signal))) return 'stop';
        reason = `rejoining after ${action.error.message}`;
      }
    }
  }

  /** Heartbeats until the group rebalances; returns why. */
  private async heartbeatUntilRebalance(signal: AbortSignal): Promise<string> {
    let failingSince: number | null = null;
    for (;;) {
      await sleep(this.ctx.options.heartbeatIntervalMs, signal);
      if (signal.aborted) return 'closing';
      try {
        await this.ctx.group.heartbeat({ signal, timeoutMs: this.ctx.options.sessionTimeoutMs });
        failingSince = null;
      } catch (error) {
        if (signal.aborted) return 'closing';
        const action = classicAction(error);
        if (action.kind === 'retry') {
          // Without answers the session ends on the coordinator's side: the partitions are lost then.
          failingSince ??= performance.now();
          if (performance.now() - failingSince >= this.ctx.options.sessionTimeoutMs) {
            await this.lose(
              `no heartbeat answered for ${this.ctx.options.sessionTimeoutMs} ms`,
              action.error,
            );
            return 'the session timed out';
          }
        }
        if (!(await this.onAction(action, signal))) return 'closing';
        if (action.kind === 'rejoin') return `rejoining after ${action.error.message}`;
      }
    }
  }

  /** Acts on a failed group call; false when the member must stop. */
  private async onAction(action: MembershipAction, signal: AbortSignal): Promise<boolean> {
    switch (action.kind) {
      case 'retry':
        this.ctx.group.disconnect(true);
        await sleep(RETRY_BACKOFF_MS, signal);
        return true;
      case 'rejoin':
        if (action.lost) await this.lose(action.error.message, action.error);
        else this.ctx.handler.rejoining(action.error.message, false, action.error);
        return true;
      case 'fatal':
        this.ctx.handler.failed(action.error);
        return false;
    }
  }

  private async lose(reason: string, cause: Error): Promise<void> {
    const lost = this.member.lose();
    // A new member id: the old one is unknown to the coordinator or fenced.
    this.ctx.group.memberId = '';
    this.ctx.group.generationId = -1;
    if (lost.length > 0) await this.ctx.handler.lose(lost);
    this.ctx.handler.rejoining(reason, true, cause);
  }

  private async subscribedTopics(): Promise<string[]> {
    const pattern = this.ctx.options.topicPattern;
    if (pattern === null) return [...this.ctx.options.topics];
    await this.ctx.cluster.metadata.refresh(null);
    return [...this.ctx.cluster.metadata.topics.keys()].filter((t) => pattern.test(t));
  }

  /** The leader's view of the subscribed topics: partitions and the racks of their replicas. */
  private async assignorTopics(topics: readonly string[]): Promise<AssignorTopics> {
    await this.ctx.cluster.metadata.refresh(topics);
    const racks = new Map([...this.ctx.cluster.metadata.brokers].map(([id, b]) => [id, b.rack]));
    const result = new Map<string, { partition: number; replicaRacks: string[] }[]>();
    for (const name of topics) {
      const topic = this.ctx.cluster.metadata.topic(name);
      if (topic === undefined) continue;
      result.set(
        name,
        topic.partitions.map((p) => ({
          partition: p.partition,
          replicaRacks: p.replicas.flatMap((r) => racks.get(r) ?? []),
        })),
      );
    }
    return result;
  }
}
