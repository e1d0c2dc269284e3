// DeleteGroups (key 42): removes empty groups and their offsets.
import { DeleteGroups, ErrorCode } from '@lk/api';
import { coordinatorError } from '../routing.ts';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: DeleteGroups,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, request) {
    return {
      ...DeleteGroups.newResponse(),
      results: request.groupsNames.map((groupId) => {
        const refused = coordinatorError(ctx.cluster, ctx.broker, groupId);
        return {
          groupId,
          errorCode: refused !== ErrorCode.NONE ? refused : ctx.cluster.groups.delete(groupId),
        };
      }),
    };
  },
});
