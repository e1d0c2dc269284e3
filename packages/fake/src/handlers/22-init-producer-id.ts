// InitProducerId (key 22): producer ids for idempotent producers; for a transactional id the same
// id with the next epoch (transactions themselves are not emulated).
import { ErrorCode, InitProducerId } from '@lk/api';
import { defineHandler } from './handler.ts';

/** Kafka's transaction.max.timeout.ms default. */
const MAX_TRANSACTION_TIMEOUT_MS = 900_000;

export default defineHandler({
  api: InitProducerId,
  minVersion: 0,
  // v6 is unstable in Kafka 4.3.1 and not advertised by brokers.
  maxVersion: 5,
  handle(ctx, request) {
    const response = InitProducerId.newResponse();
    if (request.transactionalId === '') return { ...response, errorCode: ErrorCode.INVALID_REQUEST };
    if (request.transactionalId !== null) {
      if (!(request.transactionTimeoutMs > 0 && request.transactionTimeoutMs <= MAX_TRANSACTION_TIMEOUT_MS)) {
        return { ...response, errorCode: ErrorCode.INVALID_TRANSACTION_TIMEOUT };
      }
    }
    const { producerId, producerEpoch } = ctx.cluster.state.producerIds.init(request.transactionalId);
    return { ...response, producerId, producerEpoch };
  },
});
