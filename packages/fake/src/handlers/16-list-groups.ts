// ListGroups (key 16): the groups this broker coordinates, with state (v4+) and type (v5+) filters.
import { ErrorCode, GroupType, ListGroups } from '@lk/api';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: ListGroups,
  minVersion: 0,
  maxVersion: 5,
  handle(ctx, request) {
    const { groups } = ctx.cluster;
    const listed = [];
    for (const groupId of groups.groupIds()) {
      if (ctx.cluster.coordinatorFor(groupId)?.nodeId !== ctx.broker.nodeId) continue;
      const consumer = groups.consumer.get(groupId);
      const classic = groups.classic.get(groupId);
      const isConsumer = consumer !== undefined && (consumer.members.size > 0 || classic === undefined);
      const groupState = isConsumer ? consumer!.state : (classic?.state ?? 'Empty');
      const groupType = isConsumer ? GroupType.CONSUMER : GroupType.CLASSIC;
      const protocolType = isConsumer ? 'consumer' : (classic?.protocolType ?? '');
      if (
        request.statesFilter.length > 0 &&
        !request.statesFilter.some((s) => s.toLowerCase() === groupState.toLowerCase())
      )
        continue;
      if (
        request.typesFilter.length > 0 &&
        !request.typesFilter.some((t) => t.toLowerCase() === groupType.toLowerCase())
      )
        continue;
      listed.push({ groupId, protocolType, groupState, groupType });
    }
    return { ...ListGroups.newResponse(), errorCode: ErrorCode.NONE, groups: listed };
  },
});
