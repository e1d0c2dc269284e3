// Kafka framing as the proxy sees it: requests are only peeked at (API key, version and
// correlation id, to know what each response answers); responses whose APIs carry broker
// addresses are collected whole and handed to a rewriter, all others stream through untouched.

/** What a request asked: the response with its correlation id is of this API and version. */
export interface RequestInfo {
  apiKey: number;
  apiVersion: number;
}

/** The size field plus the request header's key, version and correlation id. */
const REQUEST_PEEK = 12;
/** The size field plus the response header's correlation id. */
const RESPONSE_PEEK = 8;

/** Follows the request frames of one connection and records each one's API by correlation id. */
export class RequestTracker {
  readonly asked = new Map<number, RequestInfo>();
  /** Called for each request as soon as its header has arrived. */
  onRequest: ((request: RequestInfo) => void) | undefined;
  private header = new Uint8Array(REQUEST_PEEK);
  private headerFill = 0;
  private skip = 0;

  observe(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; ) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
        continue;
      }
      const n = Math.min(REQUEST_PEEK - this.headerFill, chunk.length - at);
      this.header.set(chunk.subarray(at, at + n), this.headerFill);
      this.headerFill += n;
      at += n;
      if (this.headerFill < REQUEST_PEEK) return;
      const view = new DataView(this.header.buffer);
      const size = view.getInt32(0);
      const request = { apiKey: view.getInt16(4), apiVersion: view.getInt16(6) };
      this.asked.set(view.getInt32(8), request);
      this.onRequest?.(request);
      this.skip = Math.max(0, size - (REQUEST_PEEK - 4));
      this.headerFill = 0;
    }
  }
}

/** Rewrites one whole response frame (size field included); may take time (e.g. to open a listener). */
export type FrameRewrite = (frame: Uint8Array, request: RequestInfo) => Promise<Uint8Array>;

/**
 * Splits the responses of one connection: a frame whose request `wants` says is to be rewritten
 * is collected and passed through `rewrite`; every other byte is emitted as it comes. Output keeps
 * the input's order.
 */
export class ResponseSplitter {
  private header = new Uint8Array(RESPONSE_PEEK);
  private headerFill = 0;
  /** Bytes left of the current frame, and whether they are being collected. */
  private left = 0;
  private collected: Uint8Array[] | null = null;
  private request: RequestInfo | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Outputs chained behind a rewrite and not yet emitted: while any wait, new output queues too. */
  private waiting = 0;
  private readonly tracker: RequestTracker;
  private readonly wants: (request: RequestInfo) => boolean;
  private readonly rewrite: FrameRewrite;
  private readonly emit: (chunk: Uint8Array) => void;
  private readonly fail: (error: unknown) => void;

  constructor(options: {
    tracker: RequestTracker;
    wants: (request: RequestInfo) => boolean;
    rewrite: FrameRewrite;
    emit: (chunk: Uint8Array) => void;
    fail: (error: unknown) => void;
  }) {
    this.tracker = options.tracker;
    this.wants = options.wants;
    this.rewrite = options.rewrite;
    this.emit = options.emit;
    this.fail = options.fail;
  }

  push(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; ) {
      if (this.left > 0) {
        const n = Math.min(this.left, chunk.length - at);
        const part = chunk.subarray(at, at + n);
        this.left -= n;
        at += n;
        if (this.collected) {
          this.collected.push(part.slice());
          if (this.left === 0) this.finishCollected();
        } else {
          this.out(part);
        }
        continue;
      }
      const n = Math.min(RESPONSE_PEEK - this.headerFill, chunk.length - at);
      this.header.set(chunk.subarray(at, at + n), this.headerFill);
      this.headerFill += n;
      at += n;
      if (this.headerFill < RESPONSE_PEEK) continue;
      this.headerFill = 0;
      const view = new DataView(this.header.buffer);
      const correlationId = view.getInt32(4);
      const request = this.tracker.asked.get(correlationId) ?? null;
      this.tracker.asked.delete(correlationId);
      this.left = Math.max(0, view.getInt32(0) - 4);
      const header = this.header.slice();
      if (request !== null && this.wants(request)) {
        this.request = request;
        this.collected = [header];
        if (this.left === 0) this.finishCollected();
      } else {
        this.out(header);
      }
    }
  }

  private finishCollected(): void {
    const parts = this.collected!;
    const request = this.request!;
    this.collected = null;
    this.request = null;
    const frame = Buffer.concat(parts);
    this.later(() => this.rewrite(frame, request).then(this.emit, (error: unknown) => this.fail(error)));
  }

  private out(part: Uint8Array): void {
    if (this.waiting === 0) this.emit(part);
    else this.later(() => this.emit(part));
  }

  private later(step: () => unknown): void {
    this.waiting++;
    this.chain = this.chain.then(async () => {
      await step();
      this.waiting--;
    });
  }
}
