// Where `lk consume` starts (-o): kcat's words plus timestamps.
import { UsageError } from './errors.ts';

export type StartAt =
  | { kind: 'beginning' }
  | { kind: 'end' }
  | { kind: 'stored' }
  | { kind: 'offset'; offset: bigint }
  | { kind: 'fromEnd'; count: bigint }
  | { kind: 'time'; ms: number };

/**
 * `beginning`, `end`, `stored` (the group's committed offset), `N` (absolute), `-N` (N before the
 * end), `@MS` or `@ISO-DATE` (the first record at or after the time).
 */
export function parseStartAt(text: string, flag = '--offset'): StartAt {
  if (text === 'beginning' || text === 'earliest') return { kind: 'beginning' };
  if (text === 'end' || text === 'latest') return { kind: 'end' };
  if (text === 'stored') return { kind: 'stored' };
  if (/^\d+$/.test(text)) return { kind: 'offset', offset: BigInt(text) };
  if (/^-\d+$/.test(text)) return { kind: 'fromEnd', count: -BigInt(text) };
  if (text.startsWith('@') || text.startsWith('s@')) {
    const t = text.slice(text.indexOf('@') + 1);
    const ms = /^\d+$/.test(t) ? Number(t) : Date.parse(t);
    if (Number.isFinite(ms)) return { kind: 'time', ms };
  }
  throw new UsageError(`${flag} must be beginning, end, stored, N, -N, @MS or @DATE, got '${text}'`);
}
