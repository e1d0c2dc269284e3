// Describing a cluster the harness did not start: LK_BOOTSTRAP (+ optional listener/user/TLS
// variables), or the CLI state file when LK_KAFKA_REUSE=1.
import fs from 'node:fs';
import type { KafkaInfo } from './cluster.ts';
import { DEFAULT_USERS } from './config.ts';
import { stateFilePath } from './paths.ts';
import { parseVersion } from './versions.ts';

/**
 * Environment:
 *   LK_BOOTSTRAP          PLAINTEXT bootstrap "host:port,..." (required for external mode)
 *   LK_BOOTSTRAP_SASL     SASL_PLAINTEXT bootstrap     LK_BOOTSTRAP_SSL  SSL bootstrap
 *   LK_BOOTSTRAP_MTLS     mTLS bootstrap               LK_KAFKA_VERSION  broker version (default 4.3.1)
 *   LK_BOOTSTRAP_OAUTH    SASL_PLAINTEXT bootstrap with OAUTHBEARER (unsecured JWS validator)
 *   LK_SASL_PLAIN_USER / LK_SASL_PLAIN_PASSWORD, LK_SASL_SCRAM_USER / LK_SASL_SCRAM_PASSWORD
 *   LK_TLS_CA / LK_TLS_CLIENT_CERT / LK_TLS_CLIENT_KEY (PEM paths)
 *   LK_KAFKA_REUSE=1      use the cluster recorded in the CLI state file instead
 */
export function externalInfoFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaInfo | null {
  if (env.LK_KAFKA_REUSE === '1' || env.LK_KAFKA_REUSE === 'true') {
    const file = stateFilePath();
    if (!fs.existsSync(file))
      throw new Error(
        `LK_KAFKA_REUSE is set but ${file} does not exist; run "node tools/kafka/src/cli.ts start" first`,
      );
    return { ...(JSON.parse(fs.readFileSync(file, 'utf8')) as KafkaInfo), external: true };
  }
  const bootstrap = env.LK_BOOTSTRAP;
  if (!bootstrap) return null;
  return {
    version: parseVersion(env.LK_KAFKA_VERSION),
    bootstrap,
    bootstraps: {
      plaintext: bootstrap,
      saslPlaintext: env.LK_BOOTSTRAP_SASL ?? '',
      ssl: env.LK_BOOTSTRAP_SSL ?? '',
      mtls: env.LK_BOOTSTRAP_MTLS ?? '',
      oauth: env.LK_BOOTSTRAP_OAUTH ?? '',
    },
    users: {
      plain: {
        username: env.LK_SASL_PLAIN_USER ?? DEFAULT_USERS.plain.username,
        password: env.LK_SASL_PLAIN_PASSWORD ?? DEFAULT_USERS.plain.password,
      },
      scram: {
        username: env.LK_SASL_SCRAM_USER ?? DEFAULT_USERS.scram.username,
        password: env.LK_SASL_SCRAM_PASSWORD ?? DEFAULT_USERS.scram.password,
      },
    },
    tls: {
      caPem: env.LK_TLS_CA ?? '',
      clientCertPem: env.LK_TLS_CLIENT_CERT ?? '',
      clientKeyPem: env.LK_TLS_CLIENT_KEY ?? '',
    },
    nodes: [],
    dir: null,
    clusterId: null,
    external: true,
  };
}
