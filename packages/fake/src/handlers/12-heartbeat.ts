// Heartbeat (key 12): keeps a classic member's session; REBALANCE_IN_PROGRESS tells it to rejoin.
import { ErrorCode, Heartbeat } from '@lk/api';
import { coordinatorError } from '../routing.ts';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: Heartbeat,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, request) {
    const refused = coordinatorError(ctx.cluster, ctx.broker, request.groupId);
    if (refused !== ErrorCode.NONE) return { ...Heartbeat.newResponse(), errorCode: refused };
    const group = ctx.cluster.groups.classic.get(request.groupId);
    const errorCode =
      group === undefined
        ? ErrorCode.UNKNOWN_MEMBER_ID
        : group.heartbeat(request.memberId, request.generationId);
    return { ...Heartbeat.newResponse(), errorCode };
  },
});
