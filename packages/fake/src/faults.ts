// Per-request fault hooks: a test sees every decoded request and may answer it with an error code,
// delay it, drop the connection, mangle the response bytes, or take it over and answer it itself.

/** A request as the fake decoded it, shown to hooks. */
export interface SeenRequest<Req = unknown> {
  /** Node id of the broker that received it. */
  readonly broker: number;
  readonly apiKey: number;
  /** The API's name, e.g. 'Produce'. */
  readonly apiName: string;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly body: Req;
}

/** What to do with a request. Fields combine: `{ delayMs: 100, errorCode: ... }` waits, then refuses. */
export interface FaultAction {
  /** Wait this long before handling (the connection stays busy, as a slow broker's would). */
  delayMs?: number;
  /** Refuse the request with this Kafka error code (every topic/partition/group item); nothing is applied. */
  errorCode?: number;
  /** Close the connection before handling, or right after the response was written. */
  drop?: 'before' | 'after';
  /** Keep only this many bytes of the response after its size field (the size is corrected). */
  truncateTo?: number;
  /** Flip the bytes of the response body after the correlation id. */
  corrupt?: boolean;
  /** Edit the decoded response before it is encoded. */
  alter?: (response: unknown) => void;
  /**
   * Hand the request to the test, which answers it when and how it likes through the
   * {@link TakenRequest} (the normal answer, raw bytes, nothing at all). The connection serves the
   * next requests meanwhile, so taken requests can be answered out of order or held while more arrive.
   */
  takeOver?: (taken: TakenRequest) => void;
}

/** A request a hook took over: nothing is sent for it until the test says so. */
export interface TakenRequest {
  readonly request: SeenRequest;
  /** True once the connection closed (by either side). */
  readonly closed: boolean;
  /**
   * The frame (size field included) the fake would answer with, without sending it; `correlationId`
   * overrides the one of the request. Null for a request with no response (Produce with acks=0).
   */
  response(options?: { correlationId?: number }): Promise<Uint8Array | null>;
  /** Sends the fake's own answer. */
  answer(): Promise<void>;
  /** Writes raw bytes on the connection (any bytes: partial frames, several frames, not Kafka at all). */
  write(bytes: Uint8Array | string): void;
  /** Writes `bytes` (if given), then closes the connection once they are sent. */
  end(bytes?: Uint8Array | string): void;
  /** Closes the connection at once. */
  close(): void;
}

/** Looks at each request; returns an action to take it over, or undefined to pass it on. */
export type RequestHook = (request: SeenRequest) => FaultAction | undefined;

/** How long a hook registered with Faults.add stays. */
export interface HookOptions {
  /** Remove the hook after it acted this many times (default: until removed). */
  times?: number;
}

/** A registered hook. */
export interface Fault {
  /** How many requests it acted on. */
  readonly fired: number;
  /** Removes the hook: later requests no longer reach it. */
  remove(): void;
}

interface Registered {
  hook: RequestHook;
  budget: number;
  fired: number;
}

/** The hooks of a cluster, asked in registration order; the first that acts wins. */
export class Faults {
  readonly #hooks: Registered[] = [];

  add(hook: RequestHook, options: HookOptions = {}): Fault {
    const times = options.times ?? Number.POSITIVE_INFINITY;
    if (!(times > 0)) throw new RangeError(`times must be positive: ${times}`);
    const entry: Registered = { hook, budget: times, fired: 0 };
    this.#hooks.push(entry);
    return {
      get fired() {
        return entry.fired;
      },
      remove: () => this.#remove(entry),
    };
  }

  /** The action for `request`, consuming one use of the hook that gives it. */
  match(request: SeenRequest): FaultAction | undefined {
    for (const entry of this.#hooks) {
      const action = entry.hook(request);
      if (action === undefined) continue;
      entry.fired++;
      if (entry.fired >= entry.budget) this.#remove(entry);
      return action;
    }
    return undefined;
  }

  clear(): void {
    this.#hooks.length = 0;
  }

  #remove(entry: Registered): void {
    const at = this.#hooks.indexOf(entry);
    if (at >= 0) this.#hooks.splice(at, 1);
  }
}

/** The response bytes a fault asks for: truncated or corrupted copies of `frame` (size field included). */
export function mangle(frame: Uint8Array, action: FaultAction): Uint8Array {
  let out = frame;
  if (action.truncateTo !== undefined) {
    const body = Math.max(0, Math.min(action.truncateTo, frame.length - 4));
    out = frame.slice(0, 4 + body);
    new DataView(out.buffer, out.byteOffset).setInt32(0, body);
  }
  if (action.corrupt) {
    if (out === frame) out = frame.slice();
    // Past the size field and the correlation id, so the client still matches the response.
    for (let i = 8; i < out.length; i++) out[i] = out[i]! ^ 0xff;
  }
  return out;
}
