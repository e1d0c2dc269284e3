// Minimal hand-built Kafka requests used by the harness itself (readiness checks, topic
// creation). Deliberately independent of the lk client under test: only non-flexible
// request versions (request header v1, response header v0), only node:net.
//
//   ApiVersions v0  (key 18)  readiness
//   Metadata    v1  (key 3)   broker list / partition leaders
//   CreateTopics v2 (key 19)  topic creation (lowest version 4.x still accepts)
import net from 'node:net';

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface ApiVersionsResult {
  errorCode: number;
  apis: ApiVersionRange[];
}

export interface MetadataBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface MetadataPartition {
  errorCode: number;
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface MetadataTopic {
  errorCode: number;
  name: string;
  internal: boolean;
  partitions: MetadataPartition[];
}

export interface MetadataResult {
  brokers: MetadataBroker[];
  controllerId: number;
  topics: MetadataTopic[];
}

export interface CreateTopicResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

const CLIENT_ID = 'lk-kafka-harness';

/** Growable big-endian writer. */
class Writer {
  private chunks: Buffer[] = [];
  int8(v: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    this.chunks.push(b);
    return this;
  }
  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.chunks.push(b);
    return this;
  }
  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.chunks.push(b);
    return this;
  }
  string(v: string | null): this {
    if (v === null) return this.int16(-1);
    const s = Buffer.from(v, 'utf8');
    this.int16(s.length);
    this.chunks.push(s);
    return this;
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Bounds-checked big-endian reader. */
class Reader {
  private off = 0;
  private readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }
  private need(n: number): void {
    if (this.off + n > this.buf.length)
      throw new Error(`short response: need ${n} bytes at ${this.off}, have ${this.buf.length}`);
  }
  int8(): number {
    this.need(1);
    const v = this.buf.readInt8(this.off);
    this.off += 1;
    return v;
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.off);
    this.off += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.off);
    this.off += 4;
    return v;
  }
  bool(): boolean {
    return this.int8() !== 0;
  }
  string(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    this.need(len);
    const s = this.buf.toString('utf8', this.off, this.off + len);
    this.off += len;
    return s;
  }
  array<T>(item: () => T): T[] {
    const n = this.int32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item());
    return out;
  }
}

/** Frames a request: int32 size, int16 apiKey, int16 version, int32 correlationId, int16-length clientId, body. */
export function encodeRequest(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  body: Buffer,
  clientId: string | null = CLIENT_ID,
): Buffer {
  const header = new Writer().int16(apiKey).int16(apiVersion).int32(correlationId).string(clientId).bytes();
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length);
  return Buffer.concat([size, header, body]);
}

export interface RoundTripOptions {
  host: string;
  port: number;
  timeoutMs?: number;
}

/**
 * Sends one framed request on a fresh connection and resolves with the response payload after
 * the int32 size prefix and the int32 correlation id (response header v0), checking the id.
 */
export function roundTrip(
  opts: RoundTripOptions,
  apiKey: number,
  apiVersion: number,
  body: Buffer,
): Promise<Buffer> {
  const correlationId = Math.floor(Math.random() * 0x7fffffff);
  const frame = encodeRequest(apiKey, apiVersion, correlationId, body);
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: opts.host, port: opts.port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (err: Error | null, value?: Buffer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(value as Buffer);
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(
            `timeout after ${timeoutMs} ms waiting for api ${apiKey} v${apiVersion} response from ${opts.host}:${opts.port}`,
          ),
        ),
      timeoutMs,
    );
    sock.on('connect', () => sock.write(frame));
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const size = buf.readInt32BE(0);
      if (size < 4 || size > 64 * 1024 * 1024) return finish(new Error(`bad response size ${size}`));
      if (buf.length < 4 + size) return;
      const got = buf.readInt32BE(4);
      if (got !== correlationId)
        return finish(new Error(`correlation id mismatch: sent ${correlationId}, got ${got}`));
      finish(null, buf.subarray(8, 4 + size));
    });
    sock.on('error', (e) => finish(e));
    sock.on('close', () =>
      finish(new Error(`connection to ${opts.host}:${opts.port} closed before a full response`)),
    );
  });
}

export function decodeApiVersionsV0(payload: Buffer): ApiVersionsResult {
  const r = new Reader(payload);
  const errorCode = r.int16();
  const apis = r.array(() => ({ apiKey: r.int16(), minVersion: r.int16(), maxVersion: r.int16() }));
  return { errorCode, apis };
}

/** ApiVersions v0: empty body. */
export async function apiVersions(opts: RoundTripOptions): Promise<ApiVersionsResult> {
  return decodeApiVersionsV0(await roundTrip(opts, 18, 0, Buffer.alloc(0)));
}

export function decodeMetadataV1(payload: Buffer): MetadataResult {
  const r = new Reader(payload);
  const brokers = r.array(() => ({
    nodeId: r.int32(),
    host: r.string() ?? '',
    port: r.int32(),
    rack: r.string(),
  }));
  const controllerId = r.int32();
  const topics = r.array(() => ({
    errorCode: r.int16(),
    name: r.string() ?? '',
    internal: r.bool(),
    partitions: r.array(() => ({
      errorCode: r.int16(),
      partition: r.int32(),
      leader: r.int32(),
      replicas: r.array(() => r.int32()),
      isr: r.array(() => r.int32()),
    })),
  }));
  return { brokers, controllerId, topics };
}

/** Metadata v1. `topics` undefined = no topics (empty array); null = all topics. */
export async function metadata(opts: RoundTripOptions, topics?: string[] | null): Promise<MetadataResult> {
  const w = new Writer();
  if (topics === null) w.int32(-1);
  else {
    const list = topics ?? [];
    w.int32(list.length);
    for (const t of list) w.string(t);
  }
  return decodeMetadataV1(await roundTrip(opts, 3, 1, w.bytes()));
}

export interface CreateTopicSpec {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
}

/** CreateTopics v2. Error 36 (TOPIC_ALREADY_EXISTS) is returned as-is; callers decide. */
export async function createTopics(
  opts: RoundTripOptions,
  specs: CreateTopicSpec[],
  timeoutMs = 30000,
): Promise<CreateTopicResult[]> {
  const w = new Writer().int32(specs.length);
  for (const s of specs) {
    w.string(s.name)
      .int32(s.partitions ?? -1)
      .int16(s.replicationFactor ?? -1);
    w.int32(0); // assignments
    const cfg = Object.entries(s.configs ?? {});
    w.int32(cfg.length);
    for (const [k, v] of cfg) w.string(k).string(v);
  }
  w.int32(timeoutMs).int8(0); // validateOnly=false
  const payload = await roundTrip({ ...opts, timeoutMs: timeoutMs + 5000 }, 19, 2, w.bytes());
  const r = new Reader(payload);
  r.int32(); // throttle
  return r.array(() => ({ name: r.string() ?? '', errorCode: r.int16(), errorMessage: r.string() }));
}

/** Resolves once host:port accepts a TCP connection (single attempt). */
export function tcpProbe(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const t = setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, timeoutMs);
    sock.on('connect', () => {
      clearTimeout(t);
      sock.destroy();
      resolve(true);
    });
    sock.on('error', () => {
      clearTimeout(t);
      sock.destroy();
      resolve(false);
    });
  });
}
