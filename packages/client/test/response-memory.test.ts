import { describe, expect, it } from 'vitest';
import { ResponseMemory } from '../src/response-memory.ts';

describe('ResponseMemory', () => {
  it('lends exactly the size asked for, from buffers of its capacity', () => {
    const memory = new ResponseMemory(1024);
    const view = memory.allocate(100);
    expect(view.length).toBe(100);
    expect(view.byteOffset).toBe(0);
    expect(view.buffer.byteLength).toBe(1024);
    // Larger than the capacity: a buffer of its own size.
    expect(memory.allocate(5000).buffer.byteLength).toBe(5000);
  });

  it('reuses released memory, leaving the old views empty rather than showing new bytes', () => {
    const memory = new ResponseMemory(1024);
    const first = memory.allocate(300);
    first.fill(0xab);
    const record = first.subarray(10, 20);
    memory.release(first);
    expect(first.length).toBe(0);
    expect(record.length).toBe(0);
    // The same memory again, not zeroed (so it was not freshly allocated).
    const second = memory.allocate(200);
    expect(second.length).toBe(200);
    expect(second[199]).toBe(0xab);
    second[0] = 1;
    expect(record[0]).toBeUndefined();
  });

  it('ignores memory it did not lend, and memory released twice', () => {
    const memory = new ResponseMemory(1024);
    const foreign = new Uint8Array(64).fill(7);
    memory.release(foreign);
    expect(foreign[0]).toBe(7);
    const lent = memory.allocate(10);
    memory.release(lent);
    memory.release(lent);
    expect(memory.allocate(10).buffer.byteLength).toBe(1024);
  });

  it('lets go of memory its user transferred away', () => {
    const memory = new ResponseMemory(128);
    const view = memory.allocate(128);
    const buffer = view.buffer as ArrayBuffer;
    structuredClone(buffer, { transfer: [buffer] });
    memory.release(view);
    expect(memory.allocate(128).length).toBe(128);
  });

  it('keeps at most `keep` buffers for reuse', () => {
    const memory = new ResponseMemory(256, 1);
    const a = memory.allocate(256);
    const b = memory.allocate(256);
    a.fill(1);
    b.fill(2);
    memory.release(a);
    memory.release(b);
    expect(memory.allocate(256)[0]).toBe(1);
    // b's memory was not kept: fresh (zeroed) memory.
    expect(memory.allocate(256)[0]).toBe(0);
  });

  it('detaches with structuredClone where ArrayBuffer.prototype.transfer is missing (Node 20)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'transfer');
    // Without the method, as on Node 20.
    if (descriptor) delete (ArrayBuffer.prototype as { transfer?: unknown }).transfer;
    try {
      const memory = new ResponseMemory(64);
      const view = memory.allocate(64).fill(9);
      memory.release(view);
      expect(view.length).toBe(0);
      expect(memory.allocate(64)[63]).toBe(9);
    } finally {
      if (descriptor) Object.defineProperty(ArrayBuffer.prototype, 'transfer', descriptor);
    }
  });
});
