// Tokens for the OAUTH listener, whose broker validates them with Kafka's unsecured validator.

/**
 * An unsigned JWS (RFC 7515 with header `{"alg":"none"}`, empty signature): the only kind of token
 * Kafka's `OAuthBearerUnsecuredValidatorCallbackHandler` accepts. The validator requires a `sub`
 * claim (the principal) and an `exp` in the future; `iat` is optional. Claims are passed as given,
 * so tests can build expired or subject-less tokens too. Times are seconds since the epoch (JWT
 * NumericDate).
 *
 * @example
 * ```ts
 * const now = Math.floor(Date.now() / 1000);
 * unsecuredJwt({ sub: 'alice', iat: now, exp: now + 3600 }); // 'eyJhbGciOiJub25lIn0.eyJzdWIi...'
 * ```
 */
export function unsecuredJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.`;
}

/** Claims of a token that the OAUTH listener accepts for `sub`, valid for `lifetimeS` seconds. */
export function validOAuthClaims(sub: string, lifetimeS = 3600): { sub: string; iat: number; exp: number } {
  const now = Math.floor(Date.now() / 1000);
  return { sub, iat: now, exp: now + lifetimeS };
}
