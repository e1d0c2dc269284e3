import net from 'node:net';
import tls from 'node:tls';
import { type BrokerAddress, formatAddress } from './address.ts';
import { AbortError, TimeoutError, TransportError } from './errors.ts';
import { tlsHandshakeHint } from './listener-hints.ts';
import type { ResolvedConnectionOptions } from './options.ts';
import { SocketReads, socketReads } from './socket-reads.ts';

/**
 * Opens a TCP socket, or a TLS socket when `options.tls` is set, within `options.dialTimeoutMs`.
 * Resolves once the socket is connected (and the TLS handshake and certificate checks passed).
 * Rejects with {@link TransportError} (`LK_TRANSPORT_DIAL` / `LK_TRANSPORT_TLS`), {@link TimeoutError}
 * (`LK_TIMEOUT_DIAL`) or {@link AbortError}; the half-open socket is destroyed in every case.
 */
export function dialSocket(
  address: BrokerAddress,
  options: Pick<ResolvedConnectionOptions, 'tls' | 'dialTimeoutMs'>,
  signal?: AbortSignal,
): Promise<net.Socket> {
  const broker = formatAddress(address);
  if (signal?.aborted) return Promise.reject(new AbortError(signal.reason));
  return new Promise((resolve, reject) => {
    // Plain TCP reads straight into the response being received (see SocketReads).
    const reads = options.tls === null ? new SocketReads() : null;
    const socket =
      reads === null
        ? tls.connect({
            // SNI is not allowed for IP addresses; Node still checks the certificate against `host`.
            ...(net.isIP(address.host) === 0 ? { servername: address.host } : {}),
            ...options.tls,
            host: address.host,
            port: address.port,
          })
        : net.connect({
            host: address.host,
            port: address.port,
            onread: {
              buffer: () => reads.buffer(),
              callback: (length: number) => reads.read(length),
            },
          });
    if (reads !== null) {
      reads.socket = socket;
      socketReads.set(socket, reads);
    }
    const readyEvent = options.tls === null ? 'connect' : 'secureConnect';
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off(readyEvent, onReady);
    };
    const fail = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onReady = (): void => {
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    };
    const onError = (error: NodeJS.ErrnoException): void => {
      const tlsFailure = (options.tls !== null && socket.connecting === false) || isTlsError(error);
      fail(
        tlsFailure
          ? new TransportError(
              'LK_TRANSPORT_TLS',
              `TLS handshake failed: ${error.message}${tlsHandshakeHint(error)}`,
              broker,
              { cause: error },
            )
          : new TransportError('LK_TRANSPORT_DIAL', `cannot connect: ${error.message}`, broker, {
              cause: error,
            }),
      );
    };
    const onAbort = (): void => fail(new AbortError(signal!.reason));
    const timer = setTimeout(
      () =>
        fail(
          new TimeoutError(
            'LK_TIMEOUT_DIAL',
            `no connection to ${broker} within ${options.dialTimeoutMs} ms`,
            options.dialTimeoutMs,
            broker,
          ),
        ),
      options.dialTimeoutMs,
    );
    socket.once(readyEvent, onReady);
    socket.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isTlsError(error: NodeJS.ErrnoException): boolean {
  const code = error.code ?? '';
  return code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SSL|TLS/.test(code);
}
