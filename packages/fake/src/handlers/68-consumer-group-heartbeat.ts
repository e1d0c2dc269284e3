// ConsumerGroupHeartbeat (key 68, KIP-848): join, heartbeat and leave of consumer-protocol groups,
// with assignments computed by the coordinator.
import { ConsumerGroupHeartbeat, ErrorCode } from '@lk/api';
import { CONSUMER_HEARTBEAT_INTERVAL_MS } from '../consumer-groups.ts';
import { coordinatorError } from '../routing.ts';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: ConsumerGroupHeartbeat,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const response = ConsumerGroupHeartbeat.newResponse();
    const refused = coordinatorError(ctx.cluster, ctx.broker, request.groupId);
    if (refused !== ErrorCode.NONE) return { ...response, errorCode: refused };
    const group = ctx.cluster.groups.consumerGroup(request.groupId);
    if (typeof group === 'number') return { ...response, errorCode: group };
    const result = group.heartbeat({ ...request, clientId: ctx.clientId ?? '' });
    return { ...response, ...result, heartbeatIntervalMs: CONSUMER_HEARTBEAT_INTERVAL_MS };
  },
});
