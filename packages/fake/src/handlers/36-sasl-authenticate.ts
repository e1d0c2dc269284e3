// SaslAuthenticate (key 36): PLAIN in one round, SCRAM in two; a failure is answered, then the
// connection is closed, as Kafka does.
import { ErrorCode, SaslAuthenticate } from '@lk/api';
import { saslStep } from '../sasl.ts';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: SaslAuthenticate,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, request) {
    const response = SaslAuthenticate.newResponse();
    const { connection } = ctx;
    const users = ctx.cluster.options.sasl?.users;
    const mechanism = connection.sasl.mechanism;
    if (users === undefined || mechanism === null || connection.sasl.user !== null) {
      setImmediate(() => connection.close());
      return {
        ...response,
        errorCode: ErrorCode.ILLEGAL_SASL_STATE,
        errorMessage: 'Unexpected SaslAuthenticate request',
      };
    }
    const step = saslStep(connection, mechanism, users, request.authBytes);
    if (step.kind === 'failed') {
      setImmediate(() => connection.endAfterWrite());
      return { ...response, errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: step.message };
    }
    return { ...response, authBytes: step.bytes };
  },
});
