// FindCoordinator (key 10): the broker that coordinates a group or transactional id, picked by a
// hash of the key over the running brokers (Kafka: the leader of its __consumer_offsets partition).
import {
  ErrorCode,
  FindCoordinator,
  type FindCoordinatorRequest,
  type FindCoordinatorResponse,
} from '@lk/api';
import { defineHandler, type RequestContext } from './handler.ts';

const FIRST_BATCHED_VERSION = 4;

export default defineHandler({
  api: FindCoordinator,
  minVersion: 0,
  maxVersion: 6,
  handle(ctx, request) {
    const response: FindCoordinatorResponse = FindCoordinator.newResponse();
    if (ctx.apiVersion >= FIRST_BATCHED_VERSION) {
      response.coordinators = request.coordinatorKeys.map((key) => ({ key, ...locate(ctx, key) }));
      return response;
    }
    return { ...response, ...locate(ctx, request.key) };
  },
  fail(request: FindCoordinatorRequest, errorCode: number, version: number): FindCoordinatorResponse {
    const none = { nodeId: -1, host: '', port: -1, errorCode, errorMessage: null };
    if (version >= FIRST_BATCHED_VERSION) {
      return {
        ...FindCoordinator.newResponse(),
        coordinators: request.coordinatorKeys.map((key) => ({ key, ...none })),
      };
    }
    return { ...FindCoordinator.newResponse(), ...none };
  },
});

function locate(
  ctx: RequestContext,
  key: string,
): { nodeId: number; host: string; port: number; errorCode: number; errorMessage: string | null } {
  const broker = ctx.cluster.coordinatorFor(key);
  if (broker === undefined) {
    return {
      nodeId: -1,
      host: '',
      port: -1,
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      errorMessage: null,
    };
  }
  const port = broker.port(ctx.connection.listener);
  return { nodeId: broker.nodeId, host: broker.host, port, errorCode: ErrorCode.NONE, errorMessage: null };
}
