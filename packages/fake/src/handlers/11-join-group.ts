// JoinGroup (key 11): joins a classic group and waits for the rebalance to complete.
import { ErrorCode, JoinGroup } from '@lk/api';
import { coordinatorError } from '../routing.ts';
import { defineHandler } from './handler.ts';

/** KIP-394: from v4 a new member first gets its id with MEMBER_ID_REQUIRED. */
const FIRST_MEMBER_ID_REQUIRED_VERSION = 4;
const NULLABLE_PROTOCOL_VERSION = 7;

export default defineHandler({
  api: JoinGroup,
  minVersion: 0,
  maxVersion: 9,
  async handle(ctx, request) {
    const response = JoinGroup.newResponse();
    const refused = coordinatorError(ctx.cluster, ctx.broker, request.groupId);
    if (refused !== ErrorCode.NONE) return { ...response, errorCode: refused, memberId: request.memberId };
    const group = ctx.cluster.groups.classicGroup(request.groupId);
    if (typeof group === 'number') return { ...response, errorCode: group, memberId: request.memberId };
    const result = await group.join({
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      clientId: ctx.clientId ?? '',
      clientHost: `/${ctx.connection.socket.remoteAddress ?? ''}`,
      sessionTimeoutMs: request.sessionTimeoutMs,
      // v0 has no rebalance timeout: the session timeout serves.
      rebalanceTimeoutMs: ctx.apiVersion === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols,
      requireKnownMemberId: ctx.apiVersion >= FIRST_MEMBER_ID_REQUIRED_VERSION,
    });
    return {
      ...response,
      errorCode: result.errorCode,
      generationId: result.generationId,
      // Both fields are nullable only from v7 (v7 adds protocolType).
      protocolType:
        result.errorCode === ErrorCode.NONE && ctx.apiVersion >= NULLABLE_PROTOCOL_VERSION
          ? request.protocolType
          : null,
      protocolName: result.protocolName ?? (ctx.apiVersion >= NULLABLE_PROTOCOL_VERSION ? null : ''),
      leader: result.leader,
      memberId: result.memberId,
      members: result.members,
    };
  },
});
