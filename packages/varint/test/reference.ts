// A deliberately simple BigInt reference implementation the fast code is checked against.
export function refEncodeUnsigned(value: bigint): number[] {
  const out: number[] = [];
  let u = value;
  while (u >= 0x80n) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return out;
}

export function refZigzag(value: bigint, bits: bigint): bigint {
  return value >= 0n ? value << 1n : (-value << 1n) - 1n + 0n * bits;
}

export function refEncodeVarint(value: number): number[] {
  return refEncodeUnsigned(refZigzag(BigInt(value), 32n));
}

export function refEncodeVarlong(value: bigint): number[] {
  return refEncodeUnsigned(refZigzag(value, 64n));
}
