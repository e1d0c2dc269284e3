import { ConfigError, SaslError } from '../errors.ts';
import type { OAuthBearerToken, SaslOptions } from '../options.ts';
import { saslMechanism } from './authenticate.ts';
import type { SaslMechanism } from './mechanism.ts';

const SEPARATOR = '\u0001';
const EXTENSION_KEY = /^[A-Za-z]+$/;
/** The client's answer to a server error challenge (RFC 7628 §3.2.3: a lone %x01). */
const ERROR_ACK = Uint8Array.of(1);
/** Longest part of a server error challenge quoted in an error message. */
const MAX_QUOTED = 200;

/**
 * The `sasl` option for SASL/OAUTHBEARER: `token` is called on every new connection and every
 * re-authentication, and must return a fresh token.
 *
 * @example
 * ```ts
 * const options = { sasl: oauthBearer({ token: async () => ({ token: await fetchJwt() }) }) };
 * ```
 */
export function oauthBearer(options: {
  token: () => OAuthBearerToken | Promise<OAuthBearerToken>;
}): SaslOptions {
  const { token } = options;
  return saslMechanism('OAUTHBEARER', () => oauthBearerMechanism(token));
}

/**
 * SASL/OAUTHBEARER (RFC 7628): the client's initial response carries the bearer token from
 * `getToken` and any SASL extensions. An empty server answer means success. A rejected token gets
 * an error challenge (JSON such as `{"status":"invalid_token"}`) with error code 0; the client must
 * acknowledge it with %x01, after which Kafka fails SaslAuthenticate with
 * SASL_AUTHENTICATION_FAILED. Without that acknowledgement the broker would wait for it and take
 * the next request as a protocol violation.
 */
export function oauthBearerMechanism(
  getToken: () => OAuthBearerToken | Promise<OAuthBearerToken>,
): SaslMechanism {
  let serverError: string | null = null;
  return {
    name: 'OAUTHBEARER',
    async start() {
      const { token, extensions = {} } = await getToken();
      let message = `n,,${SEPARATOR}auth=Bearer ${token}${SEPARATOR}`;
      for (const [key, value] of Object.entries(extensions)) {
        if (!EXTENSION_KEY.test(key) || key === 'auth') {
          throw new ConfigError(`invalid OAUTHBEARER extension name '${key}'`);
        }
        message += `${key}=${value}${SEPARATOR}`;
      }
      return Buffer.from(message + SEPARATOR, 'utf8');
    },
    async respond(challenge) {
      if (serverError !== null) {
        // The server accepted the acknowledgement of its own error: it must not do that.
        throw new SaslError(
          'LK_SASL_AUTHENTICATION_FAILED',
          `OAUTHBEARER authentication failed: ${serverError}`,
        );
      }
      if (challenge.length === 0) return null;
      // The challenge is the server's JSON error; it never echoes the token.
      serverError = Buffer.from(challenge).toString('utf8').slice(0, MAX_QUOTED);
      return ERROR_ACK;
    },
  };
}
