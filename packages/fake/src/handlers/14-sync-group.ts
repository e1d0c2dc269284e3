// SyncGroup (key 14): the leader hands in the assignments; every member gets its own.
import { ErrorCode, SyncGroup } from '@lk/api';
import { coordinatorError } from '../routing.ts';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: SyncGroup,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx, request) {
    const response = SyncGroup.newResponse();
    const refused = coordinatorError(ctx.cluster, ctx.broker, request.groupId);
    if (refused !== ErrorCode.NONE) return { ...response, errorCode: refused };
    const group = ctx.cluster.groups.classic.get(request.groupId);
    if (group === undefined) return { ...response, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
    if (
      (request.protocolType !== null && request.protocolType !== group.protocolType) ||
      (request.protocolName !== null &&
        group.protocolName !== null &&
        request.protocolName !== group.protocolName)
    ) {
      return { ...response, errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL };
    }
    const result = await group.sync(request.memberId, request.generationId, request.assignments);
    const ok = result.errorCode === ErrorCode.NONE;
    return {
      ...response,
      errorCode: result.errorCode,
      assignment: result.assignment,
      protocolType: ok ? group.protocolType : null,
      protocolName: ok ? group.protocolName : null,
    };
  },
});
