// kcat (librdkafka) as an independent client for interop checks. Every run has a timeout.
import type { KafkaInfo } from './cluster.ts';
import { type CommandResult, runCommand } from './process-util.ts';

export const KCAT = process.env.LK_KCAT || 'kcat';

export type KcatListener =
  | 'plaintext'
  | 'plain'
  | 'scram-sha-256'
  | 'scram-sha-512'
  | 'ssl'
  | 'mtls'
  | 'oauth';

export type KcatResult = CommandResult;

export interface KcatOptions {
  input?: string | Buffer;
  /** SIGKILL after this many ms (default 30000) */
  timeoutMs?: number;
}

export function kcat(args: string[], opts: KcatOptions = {}): Promise<KcatResult> {
  return runCommand(KCAT, args, { timeoutMs: opts.timeoutMs ?? 30000, input: opts.input });
}

export interface ConnectionOverrides {
  username?: string;
  password?: string;
  /** for mtls: omit the client certificate */
  noClientCert?: boolean;
  /** for oauth: the token's `sub` claim (default `lk-oauth`) */
  principal?: string;
}

/** `-b <bootstrap> -X ...` arguments for one of the harness listeners. */
export function kcatConnectArgs(
  info: KafkaInfo,
  listener: KcatListener,
  o: ConnectionOverrides = {},
): string[] {
  switch (listener) {
    case 'plaintext':
      return ['-b', info.bootstraps.plaintext];
    case 'plain':
    case 'scram-sha-256':
    case 'scram-sha-512': {
      const user = listener === 'plain' ? info.users.plain : info.users.scram;
      return [
        '-b',
        info.bootstraps.saslPlaintext,
        '-X',
        'security.protocol=SASL_PLAINTEXT',
        '-X',
        `sasl.mechanisms=${listener.toUpperCase()}`,
        '-X',
        `sasl.username=${o.username ?? user.username}`,
        '-X',
        `sasl.password=${o.password ?? user.password}`,
      ];
    }
    case 'oauth':
      // librdkafka builds and refreshes its own unsigned JWT (alg none) for this principal.
      return [
        '-b',
        info.bootstraps.oauth,
        '-X',
        'security.protocol=SASL_PLAINTEXT',
        '-X',
        'sasl.mechanisms=OAUTHBEARER',
        '-X',
        'enable.sasl.oauthbearer.unsecure.jwt=true',
        '-X',
        `sasl.oauthbearer.config=principal=${o.principal ?? 'lk-oauth'}`,
      ];
    case 'ssl':
      return [
        '-b',
        info.bootstraps.ssl,
        '-X',
        'security.protocol=SSL',
        '-X',
        `ssl.ca.location=${info.tls.caPem}`,
      ];
    case 'mtls': {
      const a = [
        '-b',
        info.bootstraps.mtls,
        '-X',
        'security.protocol=SSL',
        '-X',
        `ssl.ca.location=${info.tls.caPem}`,
      ];
      if (!o.noClientCert)
        a.push(
          '-X',
          `ssl.certificate.location=${info.tls.clientCertPem}`,
          '-X',
          `ssl.key.location=${info.tls.clientKeyPem}`,
        );
      return a;
    }
  }
}
