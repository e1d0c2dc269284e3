// SASL/OAUTHBEARER against the harness's OAUTH listener (Kafka's unsecured JWS validator).

import { ErrorCode } from '@lk/api';
import { unsecuredJwt, validOAuthClaims } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';
import { parseAddress } from '../src/address.ts';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { SaslError } from '../src/errors.ts';
import { openConnection } from '../src/open-connection.ts';
import type { SaslOptions } from '../src/options.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { oauthBearer } from '../src/sasl/oauthbearer.ts';
import { rejection, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const address = parseAddress(kafka.bootstraps.oauth.split(',')[0]!);
const text = new TextDecoder();

function bearer(token: string): SaslOptions {
  return oauthBearer({ token: () => ({ token }) });
}

/** Opens a connection with `token`, expects the broker to refuse it, and returns the error. */
async function refused(token: string): Promise<SaslError> {
  const error = await rejection(openConnection(address, { sasl: bearer(token) }));
  expect(error).toBeInstanceOf(SaslError);
  expect((error as SaslError).code).toBe('LK_SASL_AUTHENTICATION_FAILED');
  expect((error as SaslError).cause).toMatchObject({ code: 'LK_KAFKA_SASL_AUTHENTICATION_FAILED' });
  const everything = `${error.message} ${String((error as SaslError).cause)} ${error.stack} ${JSON.stringify(error)}`;
  expect(everything).not.toContain(token);
  // Not even the claims part, which would reveal the subject and lifetime.
  expect(everything).not.toContain(token.split('.')[1]!);
  return error as SaslError;
}

describe('OAUTHBEARER', () => {
  it('produces and fetches with a valid unsigned JWT, asking for a token per connection', async () => {
    const topic = uniqueTopic('oauth');
    await new BootstrapClient(kafka.bootstrap).createTopic(topic, { numPartitions: 1 });
    let tokensIssued = 0;
    const sasl = oauthBearer({
      token: () => {
        tokensIssued++;
        return { token: unsecuredJwt(validOAuthClaims('lk-oauth-user')) };
      },
    });
    const producer = new PartitionProducer({ bootstrap: kafka.bootstraps.oauth, topic, partition: 0, sasl });
    const produced = await producer.produceStrings(['one', 'two', 'three']);
    expect(produced).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    producer.close();

    const fetcher = new PartitionFetcher({ bootstrap: kafka.bootstraps.oauth, topic, partition: 0, sasl });
    const { records } = fetcher.read(await fetcher.fetch());
    fetcher.close();
    expect(records.map((r) => text.decode(r.value!))).toEqual(['one', 'two', 'three']);
    // Metadata + leader connection for each of the producer and the fetcher.
    expect(tokensIssued).toBe(4);
  });

  it('refuses an expired token with a typed error that does not contain it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const error = await refused(unsecuredJwt({ sub: 'lk-oauth-user', iat: now - 7200, exp: now - 3600 }));
    // The broker's RFC 7628 error status, quoted from its challenge.
    expect(error.message).toContain('invalid_token');
  });

  it('refuses a token without a sub claim', async () => {
    const now = Math.floor(Date.now() / 1000);
    const error = await refused(unsecuredJwt({ iat: now, exp: now + 3600 }));
    expect(error.message).toContain('invalid_token');
  });

  it('refuses a token that is not a JWT at all', async () => {
    await refused('not-a-jwt-but-a-secret-looking-string');
  });
});
