import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  type AnyApi,
  type BrokerApiRange,
  chooseVersion,
  decodeResponseFrame,
  type RequestInput,
  type RequestOf,
  type ResponseOf,
  readCorrelationId,
  UnsupportedVersionError,
  writeRequestFrame,
} from '@lk/api';
import { allocateUninitialized, FrameDecoder, LkError, piecesLength, Writer, writePieces } from '@lk/wire';
import { type BrokerAddress, formatAddress } from './address.ts';
import type { NegotiatedVersions } from './api-versions.ts';
import { channels, publish } from './diagnostics.ts';
import { AbortError, ProtocolError, TimeoutError, TransportError } from './errors.ts';
import { closedByBrokerHint } from './listener-hints.ts';
import type { ResolvedConnectionOptions } from './options.ts';
import { RequestSlots } from './request-slots.ts';
import type { SaslTarget } from './sasl/authenticate.ts';
import { socketReads } from './socket-reads.ts';
import { positiveMs } from './validate.ts';

// Defined in @lk/api; re-exported here for the modules (and users) that import them from the client.
export type { AnyApi, RequestInput, RequestOf, ResponseOf };

/** Per-call options of every `call` in lk. */
export interface CallOptions {
  /** The API version to use instead of the negotiated one. */
  version?: number;
  /** Use at most this version (when a newer one needs data the caller lacks, e.g. topic ids). */
  maxVersion?: number;
  /** Aborts the call; if the request was already written, the connection is closed. */
  signal?: AbortSignal;
  /** Overrides the connection's request timeout for this call. */
  timeoutMs?: number;
  /**
   * Called (in a microtask) each time the request is handed to the socket: after queueing,
   * connecting and any throttle delay, and again when a call is retried. Lets a caller overlap
   * its own work with the broker's, or time the broker alone.
   */
  onSend?: () => void;
  /**
   * Memory for this call's response frame: exactly `size` bytes, e.g. from a pool of reused
   * buffers (default: fresh memory). Byte fields of the decoded response, such as Fetch records,
   * are views of it. Small responses that arrive in one read may be copied to memory of their own.
   */
  responseMemory?: (size: number) => Uint8Array;
  /**
   * About how many bytes the request frame will take: its buffer is allocated once at that size
   * instead of growing from 256 bytes by doubling (a 1 MiB Produce request grew through 12 buffers,
   * copying about its own size again on the way). Past it, the buffer still grows.
   */
  requestSizeHint?: number;
  /**
   * Byte fields of the request of at least this many bytes (a Produce request's record batches)
   * go to the socket as they are, beside the rest of the frame, instead of being copied into it
   * (default: every byte is copied). They must not change until the call ends. `requestSizeHint`
   * then counts only the copied bytes.
   */
  shareBytesFrom?: number;
}

interface Outstanding {
  readonly correlationId: number;
  readonly memory: ((size: number) => Uint8Array) | undefined;
  resolve(frame: Uint8Array): void;
  reject(error: Error): void;
}

/** A SASL session whose lifetime the broker limits (KIP-368, `connections.max.reauth.ms`). */
export interface SaslSession {
  /** What the broker granted, in ms. */
  readonly lifetimeMs: number;
  /** `performance.now()` when it ends (counted from before the exchange): the connection is stale then. */
  readonly expiresAt: number;
  /** From then on, the next call re-authenticates first: at 85–95 % of the lifetime, as Java does. */
  readonly renewAt: number;
}

let lastConnectionId = 0;

async function nothingMore(): Promise<void> {}

function build<A extends AnyApi>(request: RequestInput<A>, version: number): RequestOf<A> {
  return typeof request === 'function' ? (request as (version: number) => RequestOf<A>)(version) : request;
}

/**
 * One connection to one broker. Requests are written in the order they were called, up to
 * `maxInFlight` before their responses arrive (default 1: one at a time; a {@link BrokerPool}'s
 * connections pipeline 5). Kafka answers in order on a connection, so each response belongs to the
 * oldest request written; its correlation id must match (a mismatch closes the connection with a
 * {@link ProtocolError}). Concurrent callers queue in order. A transport error, timeout, abort
 * after write, oversized or malformed frame closes the connection for good and fails every request
 * in flight; {@link Connection.closed} then stays true.
 *
 * Connections are opened with {@link openConnection}, which runs ApiVersions and SASL.
 *
 * @example
 * ```ts
 * const conn = await openConnection({ host: '127.0.0.1', port: 9092 });
 * const metadata = await conn.call(Metadata, { ...Metadata.newRequest(), topics: null });
 * conn.close();
 * ```
 */
export class Connection {
  readonly id = ++lastConnectionId;
  readonly address: BrokerAddress;
  /** `host:port`. */
  readonly broker: string;
  /** The socket (a `tls.TLSSocket` for TLS listeners). */
  readonly socket: Socket;
  readonly options: ResolvedConnectionOptions;
  readonly openedAt = performance.now();
  /** When the last call ended (or the connection opened). */
  lastUsedAt = this.openedAt;
  /** API key to version, from ApiVersions (empty until negotiated). */
  versions: ReadonlyMap<number, number> = new Map();
  /** API key to the broker's advertised version range, from ApiVersions (empty until negotiated). */
  brokerApiRanges: ReadonlyMap<number, BrokerApiRange> = new Map();
  /** The broker's ApiVersions response, raw. */
  apiVersionsResponse: unknown = null;
  /** The SASL session when the broker limits its lifetime, else null. */
  session: SaslSession | null = null;
  /** How many SASL exchanges succeeded on this connection: the first, then one per renewal. */
  authentications = 0;
  /** Responses received since ApiVersions was negotiated: tells why an early close happened. */
  private answered = 0;
  private readonly decoder: FrameDecoder;
  private readonly slots: RequestSlots;
  /** Written requests awaiting their responses, oldest first (the order the broker answers in). */
  private readonly inFlight: Outstanding[] = [];
  private lastCorrelationId = 0;
  private closeError: Error | null = null;
  private isClosed = false;

  constructor(socket: Socket, address: BrokerAddress, options: ResolvedConnectionOptions) {
    this.socket = socket;
    this.address = address;
    this.broker = formatAddress(address);
    this.options = options;
    this.slots = new RequestSlots(options.maxInFlight);
    this.decoder = new FrameDecoder({
      maxFrameSize: options.maxResponseSize,
      // Responses come in order: the frame being received answers the oldest request not yet
      // answered, past those whose frames this read already completed.
      allocate: (size, completedBefore) =>
        (this.inFlight[completedBefore]?.memory ?? allocateUninitialized)(size),
    });
    const listener = (chunk: Uint8Array): void => this.onData(chunk);
    socket.on('data', listener);
    // Dialled with onread: the socket reads into the decoder's buffers, no chunk to copy per read.
    socketReads.get(socket)?.attach({
      buffer: () => this.decoder.readBuffer(),
      read: (length) => this.onRead(length),
      listener,
    });
    socket.on('error', (error) =>
      this.fail(
        new TransportError('LK_TRANSPORT_CLOSED', `connection failed: ${error.message}`, this.broker, {
          cause: error,
        }),
      ),
    );
    socket.on('close', () => this.fail(this.closedByPeerError()));
  }

  /** True once closed, by {@link close} or by a failure. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Why the connection closed, when it was not closed by its owner. */
  get error(): Error | null {
    return this.closeError;
  }

  /** Requests written and not yet answered. */
  get inFlightCount(): number {
    return this.inFlight.length;
  }

  /** Calls submitted and not finished: queued, being written or awaiting their response. */
  get pendingCount(): number {
    return this.slots.size;
  }

  /** True while neither `connectionTtlMs` nor `connMaxIdleMs` has passed. */
  isFresh(now: number = performance.now()): boolean {
    const { connectionTtlMs, connMaxIdleMs } = this.options;
    if (this.isClosed) return false;
    if (connectionTtlMs > 0 && now - this.openedAt >= connectionTtlMs) return false;
    // Past its SASL session the broker closes the connection at the next request.
    if (this.session !== null && now >= this.session.expiresAt) return false;
    if (connMaxIdleMs > 0 && this.slots.size === 0 && now - this.lastUsedAt >= connMaxIdleMs) return false;
    return true;
  }

  /**
   * The negotiated version of `api`: the highest both sides support. Throws @lk/api's
   * `UnsupportedVersionError` when there is none.
   */
  versionOf(api: AnyApi): number {
    return this.chooseVersion(api, {});
  }

  /**
   * Sends `request` and returns the decoded response. Uses the negotiated version unless
   * `options.version` is given.
   */
  call<A extends AnyApi>(
    api: A,
    request: RequestInput<A>,
    options: CallOptions = {},
  ): Promise<ResponseOf<A>> {
    return this.inTurn(() => this.callInTurn(api, request, options), options.signal);
  }

  /** {@link call}'s work, for a caller that holds the queue. */
  private async callInTurn<A extends AnyApi>(
    api: A,
    request: RequestInput<A>,
    options: CallOptions,
  ): Promise<ResponseOf<A>> {
    const { version, correlationId, frame } = this.encode(api, request, options);
    const response = (await this.exchange(frame, correlationId, api.apiKey, version, true, options))!;
    try {
      return decodeResponseFrame(api, version, response).body as ResponseOf<A>;
    } catch (error) {
      this.fail(error as Error);
      throw error;
    }
  }

  /** Takes what ApiVersions learned (`negotiateApiVersions`): every later call uses these versions. */
  applyApiVersions(negotiated: NegotiatedVersions): void {
    this.versions = negotiated.versions;
    this.brokerApiRanges = negotiated.ranges;
    this.apiVersionsResponse = negotiated.response;
    this.answered = 0;
  }

  /**
   * SASL authentication with the configured mechanism (none: nothing to do); {@link openConnection}
   * runs it after ApiVersions. When the broker limits the session (KIP-368), calls made from 85–95 %
   * of its lifetime on re-authenticate first, on this connection (OAUTHBEARER asks for a new token).
   */
  authenticate(signal?: AbortSignal): Promise<void> {
    return this.slots.run(nothingMore, signal, () => () => this.authenticateInTurn(signal));
  }

  private async authenticateInTurn(signal?: AbortSignal): Promise<void> {
    const sasl = this.options.sasl;
    if (sasl === null) return;
    const started = performance.now();
    const inTurn: SaslTarget = {
      broker: this.broker,
      call: (api, request, options = {}) => this.callInTurn(api, request, options),
    };
    const lifetimeMs = await sasl.authenticate(inTurn, signal);
    this.authentications++;
    this.session =
      lifetimeMs > 0
        ? {
            lifetimeMs,
            expiresAt: started + lifetimeMs,
            renewAt: started + lifetimeMs * (0.85 + 0.1 * Math.random()),
          }
        : null;
  }

  /**
   * Runs `task` in the connection's turn (a free in-flight slot, after the calls before it). When
   * the SASL session is due for renewal, waits for the requests in flight to be answered and
   * re-authenticates first, alone.
   */
  private inTurn<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.slots.run(task, signal, () => (this.renewalDue() ? () => this.renewSession(signal) : null));
  }

  private renewalDue(): boolean {
    return this.session !== null && performance.now() >= this.session.renewAt;
  }

  /** Re-authenticates (the session nears its end); a failure closes the connection. */
  private async renewSession(signal?: AbortSignal): Promise<void> {
    try {
      await this.authenticateInTurn(signal);
    } catch (error) {
      this.fail(error as Error);
      throw error;
    }
  }

  /** Frames `request` at the negotiated (or requested) version under a fresh correlation id. */
  private encode<A extends AnyApi>(api: A, request: RequestInput<A>, options: CallOptions) {
    const version = this.chooseVersion(api, options);
    const correlationId = this.nextCorrelationId();
    const body = build(request, version);
    const writer = new Writer(options.requestSizeHint, options.shareBytesFrom);
    writeRequestFrame(api, version, correlationId, this.options.clientId, body, writer);
    const frame = options.shareBytesFrom === undefined ? writer.finish() : writer.chunks();
    return { version, correlationId, frame };
  }

  /**
   * Writes `request` and resolves once it is handed to the socket, without waiting for a response.
   * Only for requests the broker does not answer: Produce with acks=0.
   */
  send<A extends AnyApi>(api: A, request: RequestInput<A>, options: CallOptions = {}): Promise<void> {
    return this.inTurn(async () => {
      const { version, correlationId, frame } = this.encode(api, request, options);
      await this.exchange(frame, correlationId, api.apiKey, version, false, options);
    }, options.signal);
  }

  /**
   * Writes a complete request frame (size included) and returns the response frame (without size).
   * For callers that encode themselves; `correlationId` must be the one inside `frame`.
   */
  roundTrip(
    frame: Uint8Array,
    meta: { correlationId: number; apiKey: number; apiVersion: number },
    options: CallOptions = {},
  ): Promise<Uint8Array> {
    // A renewal in between is fine: the answer is matched by the frame's own correlation id.
    return this.inTurn(
      async () =>
        (await this.exchange(frame, meta.correlationId, meta.apiKey, meta.apiVersion, true, options))!,
      options.signal,
    );
  }

  /** The next correlation id, for {@link roundTrip} callers. */
  nextCorrelationId(): number {
    this.lastCorrelationId = (this.lastCorrelationId + 1) | 0;
    return this.lastCorrelationId;
  }

  /** `options.version` if given, else the highest version lk and the broker share, at most `options.maxVersion`. */
  private chooseVersion(api: AnyApi, options: CallOptions): number {
    if (options.version !== undefined) return options.version;
    const range = this.brokerApiRanges.get(api.apiKey);
    if (range === undefined) {
      const detail = `${this.broker} supports no version of ${api.name}`;
      throw new UnsupportedVersionError(api.name, -1, api.minVersion, api.maxVersion, detail);
    }
    return chooseVersion(api, range, options.maxVersion === undefined ? {} : { max: options.maxVersion });
  }

  /** Closes the connection. Outstanding and queued calls fail with `LK_TRANSPORT_CLOSED`. */
  close(): void {
    this.shutDown(null);
  }

  /** Closes the connection because of `error` (a failed handshake), which `lk:connection:close` reports. */
  abandon(error: Error): void {
    this.fail(error);
  }

  private exchange(
    frame: Uint8Array | readonly Uint8Array[],
    correlationId: number,
    apiKey: number,
    apiVersion: number,
    expectResponse: boolean,
    options: CallOptions,
  ): Promise<Uint8Array | null> {
    const signal = options.signal;
    if (this.isClosed) {
      return Promise.reject(
        new TransportError('LK_TRANSPORT_CLOSED', 'the connection is closed', this.broker, {
          cause: this.closeError,
        }),
      );
    }
    if (signal?.aborted) return Promise.reject(new AbortError(signal.reason));
    let timeoutMs: number;
    try {
      timeoutMs =
        options.timeoutMs === undefined
          ? this.options.requestTimeoutMs
          : positiveMs('timeoutMs', options.timeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    const started = performance.now();
    const base = {
      connectionId: this.id,
      broker: this.broker,
      apiKey,
      apiVersion,
      correlationId,
      requestBytes: piecesLength(frame),
    };
    publish(channels.requestStart, () => base);
    return new Promise<Uint8Array | null>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, response: Uint8Array | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.lastUsedAt = performance.now();
        const durationMs = this.lastUsedAt - started;
        if (error === null) {
          publish(channels.requestEnd, () => ({ ...base, responseBytes: response?.length ?? 0, durationMs }));
          resolve(response);
        } else {
          publish(channels.requestError, () => ({ ...base, error, durationMs }));
          // The request is on the wire: a late answer would be taken for the next call's. Every
          // other request in flight fails with the same error.
          this.fail(error);
          reject(error);
        }
      };
      const onAbort = (): void => finish(new AbortError(signal!.reason), null);
      const timer = setTimeout(
        () =>
          finish(
            new TimeoutError(
              'LK_TIMEOUT_REQUEST',
              `no response from ${this.broker} within ${timeoutMs} ms (api key ${apiKey})`,
              timeoutMs,
              this.broker,
            ),
            null,
          ),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      if (expectResponse) {
        this.inFlight.push({
          correlationId,
          memory: options.responseMemory,
          resolve: (response) => finish(null, response),
          reject: (error) => finish(error, null),
        });
      }
      const written = (error?: Error | null): void => {
        if (error) {
          finish(
            new TransportError('LK_TRANSPORT_WRITE', `cannot write request: ${error.message}`, this.broker, {
              cause: error,
            }),
            null,
          );
        } else if (!expectResponse) {
          finish(null, null);
        }
      };
      writePieces(this.socket, frame, written);
      // Not inline: a throwing callback must not leave a written request half accounted for.
      if (options.onSend) queueMicrotask(options.onSend);
    });
  }

  private onData(chunk: Uint8Array): void {
    let frames: Uint8Array[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    this.deliver(frames);
  }

  /** `length` bytes were read into the decoder's last read buffer. */
  private onRead(length: number): void {
    if (this.isClosed) return;
    let frames: Uint8Array[];
    try {
      frames = this.decoder.commit(length);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (frames.length > 0) this.deliver(frames);
  }

  private deliver(frames: Uint8Array[]): void {
    for (const frame of frames) {
      const outstanding = this.inFlight[0];
      if (outstanding === undefined) {
        this.fail(
          new ProtocolError(
            'LK_PROTOCOL_UNEXPECTED_RESPONSE',
            `${this.broker} sent a response nobody asked for`,
          ),
        );
        return;
      }
      let correlationId: number;
      try {
        correlationId = readCorrelationId(frame);
      } catch (error) {
        this.fail(error as Error);
        return;
      }
      if (correlationId !== outstanding.correlationId) {
        this.fail(
          new ProtocolError(
            'LK_PROTOCOL_CORRELATION_ID',
            `${this.broker} answered correlation id ${correlationId}, expected ${outstanding.correlationId}`,
          ),
        );
        return;
      }
      this.inFlight.shift();
      this.answered++;
      outstanding.resolve(frame);
    }
  }

  private closedByPeerError(): TransportError {
    const partial = this.decoder.pending;
    const detail =
      partial > 0
        ? ` after ${partial} bytes of a response`
        : this.inFlight.length === 0
          ? ''
          : closedByBrokerHint(this.options, this.versions.size > 0, this.answered);
    return new TransportError('LK_TRANSPORT_CLOSED', `connection closed by the broker${detail}`, this.broker);
  }

  /** Closes because of `error`, which every request in flight receives. */
  private fail(error: Error): void {
    if (this.isClosed) return;
    this.shutDown(
      error instanceof LkError
        ? error
        : new TransportError('LK_TRANSPORT_CLOSED', error.message, this.broker, { cause: error }),
    );
  }

  private shutDown(error: Error | null): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeError = error;
    this.socket.destroy();
    const failed = this.inFlight.splice(0);
    if (failed.length > 0) {
      const reason =
        error ?? new TransportError('LK_TRANSPORT_CLOSED', 'the connection was closed', this.broker);
      for (const outstanding of failed) outstanding.reject(reason);
    }
    publish(channels.connectionClose, () => ({ connectionId: this.id, broker: this.broker, error }));
  }
}
