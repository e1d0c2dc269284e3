// Group members as processes of their own (workers/group-member.ts), for the broker tests that
// kill members: what each read, committed and was assigned, parsed from its output.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./workers/group-member.ts', import.meta.url));

export interface Member {
  process: ChildProcess;
  /** Batches read: partition, offsets first..last, and when */
  batches: { at: number; partition: number; first: bigint; last: bigint }[];
  /** partition -> the last offset the coordinator accepted */
  commits: Map<number, bigint>;
  /** assigned (A), revoked (V), lost (L), with when */
  events: { kind: 'A' | 'V' | 'L'; at: number; partitions: number[] }[];
  exited: Promise<void>;
}

export interface MemberSpec {
  topic: string;
  groupId: string;
  /** classic | consumer */
  protocol: string;
  /** range | cooperative-sticky (classic) */
  assignor: string;
  /** Static membership (KIP-345) */
  groupInstanceId?: string;
}

/** Member processes still running. */
const running = new Set<ChildProcess>();

/** SIGKILLs every member process still running (after each test, also one that timed out). */
export function killMembers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export function startMember(bootstrap: string, spec: MemberSpec): Member {
  const args = [bootstrap, spec.topic, spec.groupId, spec.protocol, spec.assignor];
  if (spec.groupInstanceId !== undefined) args.push(spec.groupInstanceId);
  const child = spawn(process.execPath, ['--conditions=@lk/source', WORKER, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  const member: Member = {
    process: child,
    batches: [],
    commits: new Map(),
    events: [],
    exited: new Promise((resolve) =>
      child.on('exit', () => {
        running.delete(child);
        resolve();
      }),
    ),
  };
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString();
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const [kind, a, b, c, d] = line.split(' ');
      if (kind === 'B')
        member.batches.push({ at: Number(a), partition: Number(b), first: BigInt(c!), last: BigInt(d!) });
      else if (kind === 'C') member.commits.set(Number(a), BigInt(b!));
      else if (kind === 'A' || kind === 'V' || kind === 'L') {
        member.events.push({ kind, at: Number(a), partitions: b ? b.split(',').map(Number) : [] });
      }
    }
  });
  return member;
}

/** The partitions a member holds at time `at` (from its assigned/revoked/lost events). */
export function heldAt(member: Member, at: number): Set<number> {
  const held = new Set<number>();
  for (const e of member.events) {
    if (e.at > at) break;
    for (const p of e.partitions) e.kind === 'A' ? held.add(p) : held.delete(p);
  }
  return held;
}
