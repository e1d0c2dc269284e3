// SaslHandshake (key 17): picks the mechanism. After v1, SaslAuthenticate requests carry the
// tokens; after v0 (Kafka 0.10) raw size-prefixed tokens follow on the connection.
import { ErrorCode, SaslHandshake } from '@lk/api';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: SaslHandshake,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const sasl = ctx.cluster.options.sasl;
    const { connection } = ctx;
    // KIP-368: with a session lifetime, an authenticated connection may start again (v1, same mechanism).
    const reauth =
      sasl !== null &&
      sasl.sessionLifetimeMs > 0 &&
      connection.sasl.user !== null &&
      !connection.sasl.reauthenticating &&
      ctx.apiVersion >= 1;
    if (sasl === null || connection.listener !== 'sasl' || (connection.sasl.mechanism !== null && !reauth)) {
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    }
    if (reauth && request.mechanism !== connection.sasl.mechanism) {
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    }
    connection.sasl.reauthenticating = reauth;
    if (!(sasl.mechanisms as string[]).includes(request.mechanism)) {
      return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: [...sasl.mechanisms] };
    }
    connection.sasl.mechanism = request.mechanism;
    connection.sasl.rawTokens = ctx.apiVersion === 0;
    return { errorCode: ErrorCode.NONE, mechanisms: [...sasl.mechanisms] };
  },
});
