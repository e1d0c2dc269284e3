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
    const previousUser = connection.sasl.reauthenticating ? connection.sasl.user : null;
    if (
      users === undefined ||
      mechanism === null ||
      (connection.sasl.user !== null && !connection.sasl.reauthenticating)
    ) {
      setImmediate(() => connection.close());
      return {
        ...response,
        errorCode: ErrorCode.ILLEGAL_SASL_STATE,
        errorMessage: 'Unexpected SaslAuthenticate request',
      };
    }
    const step = saslStep(connection, mechanism, users, request.authBytes);
    const refuse = (errorMessage: string) => {
      setImmediate(() => connection.endAfterWrite());
      return { ...response, errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage };
    };
    if (step.kind === 'failed') return refuse(step.message);
    if (step.kind === 'done' && previousUser !== null && step.user !== previousUser) {
      return refuse('cannot change the principal when authenticating again');
    }
    if (step.kind === 'done') connection.sasl.reauthenticating = false;
    const lifetime = ctx.cluster.options.sasl?.sessionLifetimeMs ?? 0;
    return {
      ...response,
      authBytes: step.bytes,
      sessionLifetimeMs: step.kind === 'done' ? BigInt(lifetime) : 0n,
    };
  },
});
