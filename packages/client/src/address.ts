import { ConfigError } from './errors.ts';

/** Where a broker listens. */
export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host:port` (IPv6 hosts in brackets: `[::1]:9092`).
 *
 * @example
 * ```ts
 * parseAddress('127.0.0.1:9092'); // { host: '127.0.0.1', port: 9092 }
 * ```
 */
export function parseAddress(text: string): BrokerAddress {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(':');
  const port = Number(trimmed.slice(colon + 1));
  let host = trimmed.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (colon <= 0 || host === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`not a host:port broker address: '${trimmed}'`);
  }
  return { host, port };
}

/** `host:port`, with brackets around an IPv6 host. */
export function formatAddress(address: BrokerAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
