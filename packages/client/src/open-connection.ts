import { performance } from 'node:perf_hooks';
import { type BrokerAddress, formatAddress } from './address.ts';
import { negotiateApiVersions } from './api-versions.ts';
import { Connection } from './connection.ts';
import { channels, publish } from './diagnostics.ts';
import { dialSocket } from './dial.ts';
import { type ConnectionOptions, resolveConnectionOptions } from './options.ts';

/**
 * Opens a ready connection: TCP (or TLS), ApiVersions (so every later call uses the negotiated
 * version), then SASL when configured. On any failure the socket is closed and the typed error is
 * thrown. Publishes `lk:connection:open` once the socket is up (before the handshake's requests),
 * `lk:connection:ready` after the handshake, and `lk:connection:failed` when either fails.
 *
 * @example
 * ```ts
 * const conn = await openConnection({ host: '127.0.0.1', port: 9092 }, {
 *   sasl: scramSha512({ username: 'alice', password: process.env.PASSWORD! }),
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
  const saslMechanism = resolved.sasl?.mechanism ?? null;
  let connection: Connection | null = null;
  try {
    const socket = await dialSocket(address, resolved, signal);
    connection = new Connection(socket, address, resolved);
    const { id, broker } = connection;
    publish(channels.connectionOpen, () => ({
      connectionId: id,
      broker,
      tls: resolved.tls !== null,
      saslMechanism,
      durationMs: performance.now() - started,
    }));
    connection.applyApiVersions(await negotiateApiVersions(connection, signal));
    await connection.authenticate(signal);
  } catch (error) {
    connection?.abandon(error as Error);
    publish(channels.connectionFailed, () => ({
      connectionId: connection?.id ?? null,
      broker: connection?.broker ?? formatAddress(address),
      error: error as Error,
      durationMs: performance.now() - started,
    }));
    throw error;
  }
  const { id, broker } = connection;
  publish(channels.connectionReady, () => ({
    connectionId: id,
    broker,
    saslMechanism,
    durationMs: performance.now() - started,
  }));
  return connection;
}
