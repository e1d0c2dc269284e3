import { performance } from 'node:perf_hooks';
import type { BrokerAddress } from './address.ts';
import { negotiateApiVersions } from './api-versions.ts';
import { Connection } from './connection.ts';
import { channels, publish } from './diagnostics.ts';
import { dialSocket } from './dial.ts';
import { type ConnectionOptions, resolveConnectionOptions } from './options.ts';

/**
 * Opens a ready connection: TCP (or TLS), ApiVersions (so every later call uses the negotiated
 * version), then SASL when configured. On any failure the socket is closed and the typed error is
 * thrown.
 *
 * @example
 * ```ts
 * const conn = await openConnection({ host: '127.0.0.1', port: 9092 }, {
 *   sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: process.env.PASSWORD! },
 * });
 * ```
 */
export async function openConnection(
  address: BrokerAddress,
  options: ConnectionOptions = {},
  signal?: AbortSignal,
): Promise<Connection> {
  // Resolving is idempotent, so resolved options pass through unchanged.
  const resolved = resolveConnectionOptions(options);
  const started = performance.now();
  const socket = await dialSocket(address, resolved, signal);
  const connection = new Connection(socket, address, resolved);
  try {
    await negotiateApiVersions(connection, signal);
    await connection.authenticate(signal);
  } catch (error) {
    connection.close();
    throw error;
  }
  publish(channels.connectionOpen, () => ({
    connectionId: connection.id,
    broker: connection.broker,
    tls: resolved.tls !== null,
    saslMechanism: resolved.sasl?.mechanism ?? null,
    durationMs: performance.now() - started,
  }));
  return connection;
}
