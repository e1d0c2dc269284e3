import { once } from 'node:events';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Fault, PASS } from './faults.ts';

type Item = { chunk: Uint8Array; due: number } | { close: 'fin' | 'rst' } | { finish: true };

const HIGH_WATER = 1 << 20;
const BANDWIDTH_TICK_MS = 20;

/**
 * One direction of a proxied connection: bytes from `source` go to `destination` under the current
 * {@link Fault}. Cuts and stalls are decided as bytes arrive (so they fall at exact byte counts);
 * delays and bandwidth limits as they leave, in order. The source is paused while more than 1 MiB
 * waits, so a slow direction holds the sender back as a slow network would.
 */
export class Pipe {
  /** Bytes that arrived from the source / were written to the destination. */
  bytesIn = 0;
  bytesOut = 0;
  private current: Fault = PASS;
  private cutLeft = 0;
  private ended = false;
  private readonly queue: Item[] = [];
  private queued = 0;
  private lastDue = 0;
  private pumping = false;
  private readonly source: Socket;
  private readonly destination: Socket;
  private readonly close: (how: 'fin' | 'rst') => void;

  constructor(source: Socket, destination: Socket, close: (how: 'fin' | 'rst') => void) {
    this.source = source;
    this.destination = destination;
    this.close = close;
  }

  get fault(): Fault {
    return this.current;
  }

  /** Applies `fault` to the bytes that arrive from now on. */
  set(fault: Fault): void {
    this.current = fault;
    if (fault.kind === 'cut') this.cutLeft = fault.afterBytes;
    if (fault.kind === 'reset') this.end('rst');
  }

  /** Forwards nothing more: the connection is closing. */
  stop(): void {
    this.ended = true;
    this.queue.length = 0;
  }

  /** The source closed: forward what is queued, then end the destination (FIN), as TCP would. */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.push({ finish: true });
    void this.pump();
  }

  /** Bytes from the source. */
  push(chunk: Uint8Array): void {
    this.bytesIn += chunk.length;
    if (this.ended) return;
    const fault = this.current;
    if (fault.kind === 'stall') return;
    if (fault.kind === 'cut') {
      // The close comes with the first byte past the count.
      const take = Math.min(this.cutLeft, chunk.length);
      if (take > 0) this.enqueue(chunk.subarray(0, take), 0);
      this.cutLeft -= take;
      if (take < chunk.length) this.end(fault.reset ? 'rst' : 'fin');
      return;
    }
    this.enqueue(chunk, fault.kind === 'delay' ? fault.ms : 0);
  }

  private end(how: 'fin' | 'rst'): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.push({ close: how });
    void this.pump();
  }

  private enqueue(chunk: Uint8Array, delayMs: number): void {
    this.lastDue = Math.max(this.lastDue, performance.now() + delayMs);
    this.queue.push({ chunk, due: this.lastDue });
    this.queued += chunk.length;
    if (this.queued > HIGH_WATER) this.source.pause();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const item = this.queue.shift()!;
        if ('close' in item) {
          this.close(item.close);
          return;
        }
        if ('finish' in item) {
          const destination = this.destination;
          if (!destination.destroyed) destination.end(() => destination.destroy());
          return;
        }
        const wait = item.due - performance.now();
        if (wait > 0) await sleep(wait);
        if (this.destination.writableEnded) return;
        await this.write(item.chunk);
        this.queued -= item.chunk.length;
        if (this.queued <= HIGH_WATER / 2 && this.source.isPaused()) this.source.resume();
      }
    } catch {
      // The destination is gone: the connection closes on its own.
    } finally {
      this.pumping = false;
    }
  }

  private async write(chunk: Uint8Array): Promise<void> {
    for (let at = 0; at < chunk.length; ) {
      if (this.destination.destroyed || this.destination.writableEnded) throw new Error('destination closed');
      const fault = this.current;
      const slice =
        fault.kind === 'bandwidth'
          ? Math.max(1, Math.floor((fault.bytesPerSecond * BANDWIDTH_TICK_MS) / 1000))
          : chunk.length - at;
      const part = chunk.subarray(at, at + slice);
      at += part.length;
      this.bytesOut += part.length;
      if (!this.destination.write(part)) {
        await Promise.race([once(this.destination, 'drain'), once(this.destination, 'close')]);
      }
      if (fault.kind === 'bandwidth') await sleep(BANDWIDTH_TICK_MS);
    }
  }
}
