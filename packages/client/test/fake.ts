// @lk/fake as the client's unit tests use it: a cluster, every request it saw in order, and a
// shorthand for taking requests over (hostile answers: raw bytes, silence, out of order).
import {
  FakeCluster,
  type FakeClusterOptions,
  type HookOptions,
  type SeenRequest,
  type TakenRequest,
} from '@lk/fake';

export interface TestFake {
  readonly cluster: FakeCluster;
  /** Broker 0's plaintext listener. */
  readonly address: { host: string; port: number };
  /** Every decoded request, in the order the brokers served them. */
  readonly seen: SeenRequest[];
}

export async function startFake(options: FakeClusterOptions = {}): Promise<TestFake> {
  const cluster = await FakeCluster.start(options);
  const seen: SeenRequest[] = [];
  cluster.onRequest((request) => {
    seen.push(request);
    return undefined;
  });
  const broker = cluster.broker(0);
  return { cluster, address: { host: broker.host, port: broker.port() }, seen };
}

/** Hands each request that `match` accepts to `take` instead of answering it. */
export function takeOver(
  cluster: FakeCluster,
  match: (request: SeenRequest) => boolean,
  take: (taken: TakenRequest) => void,
  options: HookOptions = {},
): void {
  cluster.onRequest((request) => (match(request) ? { takeOver: take } : undefined), options);
}

/** A response frame (size, correlation id, header v0) around `body`: for answers no encoder would write. */
export function rawResponse(correlationId: number, body: Uint8Array): Uint8Array {
  const frame = new Uint8Array(8 + body.length);
  const view = new DataView(frame.buffer);
  view.setInt32(0, 4 + body.length);
  view.setInt32(4, correlationId);
  frame.set(body, 8);
  return frame;
}
