// kcat (librdkafka) as an independent client for interop checks. Every run has a timeout.
import { spawn } from 'node:child_process';
import type { KafkaInfo } from './cluster.ts';

export const KCAT = process.env.LK_KCAT || 'kcat';

export type KcatListener = 'plaintext' | 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'ssl' | 'mtls';

export interface KcatResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface KcatOptions {
  input?: string | Buffer;
  /** SIGKILL after this many ms (default 30000) */
  timeoutMs?: number;
}

export function kcat(args: string[], opts: KcatOptions = {}): Promise<KcatResult> {
  const timeoutMs = opts.timeoutMs ?? 30000;
  return new Promise((resolve, reject) => {
    const child = spawn(KCAT, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        timedOut,
      });
    });
    child.stdin.on('error', () => {
      /* kcat may exit before reading stdin */
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

export interface ConnectionOverrides {
  username?: string;
  password?: string;
  /** for mtls: omit the client certificate */
  noClientCert?: boolean;
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
