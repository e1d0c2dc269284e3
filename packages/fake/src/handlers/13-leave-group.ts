// LeaveGroup (key 13): one member (v0-2) or a batch of members by id or instance id (v3+).
import { ErrorCode, LeaveGroup } from '@lk/api';
import { coordinatorError } from '../routing.ts';
import { defineHandler } from './handler.ts';

const FIRST_BATCH_VERSION = 3;

export default defineHandler({
  api: LeaveGroup,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const response = LeaveGroup.newResponse();
    const refused = coordinatorError(ctx.cluster, ctx.broker, request.groupId);
    if (refused !== ErrorCode.NONE) return { ...response, errorCode: refused };
    const group = ctx.cluster.groups.classic.get(request.groupId);
    if (ctx.apiVersion < FIRST_BATCH_VERSION) {
      return { ...response, errorCode: group?.leave(request.memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID };
    }
    const members = request.members.map((m) => {
      const memberId =
        m.memberId !== ''
          ? m.memberId
          : m.groupInstanceId === null
            ? ''
            : (group?.memberOfInstance(m.groupInstanceId) ?? '');
      return {
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        errorCode: group?.leave(memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID,
      };
    });
    return { ...response, members };
  },
});
