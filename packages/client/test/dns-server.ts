// A tiny authoritative DNS server on 127.0.0.1 (UDP) that answers SRV queries, for bootstrap tests.
// Only what such a test needs: one question per query, no compression in queries, no TCP.
import dgram from 'node:dgram';

/** One SRV answer (RFC 2782). */
export interface SrvAnswer {
  priority: number;
  weight: number;
  port: number;
  /** A host name, e.g. `localhost`. */
  target: string;
}

/** A question as the server received it. */
export interface DnsQuestion {
  name: string;
  type: number;
}

export const TYPE_SRV = 33;
const CLASS_IN = 1;
const RCODE_NXDOMAIN = 3;
const RCODE_FORMERR = 1;
const HEADER_BYTES = 12;
/** Flag bits of the header's second 16-bit word. */
const QR = 0x8000;
const AA = 0x0400;
const RD = 0x0100;
const OPCODE_MASK = 0x7800;
/** A compression pointer to the question's name, which always starts right after the header. */
const POINTER_TO_QUESTION = 0xc000 | HEADER_BYTES;

export class DnsFormatError extends Error {}

/** Encodes a domain name as length-prefixed labels ending with the root label (RFC 1035 §3.1). */
export function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length === 0 || bytes.length > 63) throw new DnsFormatError(`bad label in ${name}`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** Decodes the uncompressed name at `offset`; returns it and the offset after it. */
export function decodeName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  for (;;) {
    const length = message[offset];
    if (length === undefined) throw new DnsFormatError('name runs past the message');
    if (length === 0) return { name: labels.join('.'), end: offset + 1 };
    // Queries carry one question, so a compression pointer (top bits 11) has nothing to point at.
    if (length > 63) throw new DnsFormatError('compressed or extended label in a query');
    if (offset + 1 + length > message.length) throw new DnsFormatError('label runs past the message');
    labels.push(message.toString('ascii', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
}

/** The id, flags and single question of a query. Additional records (EDNS OPT) are ignored. */
export function decodeQuery(message: Buffer): { id: number; flags: number; question: DnsQuestion } {
  if (message.length < HEADER_BYTES) throw new DnsFormatError('short header');
  const id = message.readUInt16BE(0);
  const flags = message.readUInt16BE(2);
  if (flags & QR) throw new DnsFormatError('not a query');
  if (message.readUInt16BE(4) !== 1) throw new DnsFormatError('expected exactly one question');
  const { name, end } = decodeName(message, HEADER_BYTES);
  if (end + 4 > message.length) throw new DnsFormatError('question runs past the message');
  return { id, flags, question: { name, type: message.readUInt16BE(end) } };
}

/**
 * A response to `query`: the question echoed, then `answers` as SRV records owned by the question's
 * name (a compression pointer), or `rcode` with no answers.
 */
export function encodeResponse(
  query: { id: number; flags: number; question: DnsQuestion },
  answers: readonly SrvAnswer[],
  rcode = 0,
  ttlSeconds = 60,
): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(query.id, 0);
  header.writeUInt16BE(QR | AA | (query.flags & (OPCODE_MASK | RD)) | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const question = Buffer.concat([encodeName(query.question.name), u16(query.question.type), u16(CLASS_IN)]);
  const records = answers.map((a) => {
    const rdata = Buffer.concat([u16(a.priority), u16(a.weight), u16(a.port), encodeName(a.target)]);
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(POINTER_TO_QUESTION, 0);
    fixed.writeUInt16BE(TYPE_SRV, 2);
    fixed.writeUInt16BE(CLASS_IN, 4);
    fixed.writeUInt32BE(ttlSeconds, 6);
    return Buffer.concat([fixed, u16(rdata.length), rdata]);
  });
  return Buffer.concat([header, question, ...records]);
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value, 0);
  return b;
}

/** A running server: `records` maps a lower-case name to its SRV answers and may change at any time. */
export interface SrvDnsServer {
  /** `127.0.0.1:port`, for `Resolver.setServers`. */
  readonly address: string;
  readonly records: Map<string, SrvAnswer[]>;
  /** Every question received, in order. */
  readonly questions: DnsQuestion[];
  close(): Promise<void>;
}

/** Starts a server on a free UDP port of 127.0.0.1. Unknown names get NXDOMAIN. */
export async function startSrvDnsServer(records: Record<string, SrvAnswer[]>): Promise<SrvDnsServer> {
  const socket = dgram.createSocket('udp4');
  const table = new Map(Object.entries(records).map(([name, answers]) => [name.toLowerCase(), answers]));
  const questions: DnsQuestion[] = [];
  socket.on('message', (message, peer) => {
    let reply: Buffer;
    try {
      const query = decodeQuery(message);
      questions.push(query.question);
      const answers = table.get(query.question.name.toLowerCase());
      if (answers === undefined) reply = encodeResponse(query, [], RCODE_NXDOMAIN);
      else reply = encodeResponse(query, query.question.type === TYPE_SRV ? answers : []);
    } catch (error) {
      if (!(error instanceof DnsFormatError) || message.length < 4) return;
      // FORMERR echoes the id; nothing else of a malformed query can be trusted.
      reply = Buffer.alloc(HEADER_BYTES);
      message.copy(reply, 0, 0, 2);
      reply.writeUInt16BE(QR | RCODE_FORMERR, 2);
    }
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    address: `127.0.0.1:${socket.address().port}`,
    records: table,
    questions,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
