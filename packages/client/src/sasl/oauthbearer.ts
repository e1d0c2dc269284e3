import { ConfigError } from '../errors.ts';
import type { OAuthBearerToken } from '../options.ts';
import type { SaslMechanism } from './mechanism.ts';

const SEPARATOR = '\u0001';
const EXTENSION_KEY = /^[A-Za-z]+$/;

/**
 * SASL/OAUTHBEARER (RFC 7628): the client's initial response carries the bearer token from
 * `getToken` and any SASL extensions. Kafka answers failures through SaslAuthenticate's error code.
 */
export function oauthBearerMechanism(
  getToken: () => OAuthBearerToken | Promise<OAuthBearerToken>,
): SaslMechanism {
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
    respond: async () => null,
  };
}
