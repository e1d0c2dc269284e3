// Three group members as processes of their own consume 12 partitions while records keep coming;
// one is killed with SIGKILL and one added mid-run, and at the end one leaves gracefully (close()).
// Counted: lost records (none allowed), duplicates (only inside the killed member's uncommitted
// window), pauses of partitions that did not move, and how long the group took to hand over after
// the kill, the join and the leave.
import { BootstrapClient, PartitionProducer } from '@lk/client';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { unique, until } from './helpers.ts';
import { heldAt, killMembers, startMember } from './member-process.ts';

const kafka = inject('kafka');
const supports848 = kafka.version.startsWith('4.');
const PARTITIONS = 12;
const ROUNDS = 40;
const ROUND_MS = 250;
// Records per partition and round, rounded up so that at least the asked number is produced and the
// expected total is exactly what was produced (1,000,000 is not a multiple of 12 × 40: expecting
// records / 12 per partition made a 1M run wait for 160 records that were never produced).
const PER_ROUND = Math.ceil(Number(process.env.LK_CONSUMER_FAULT_RECORDS ?? 12_000) / (PARTITIONS * ROUNDS));
const PER_PARTITION = PER_ROUND * ROUNDS;
// Production, the hand-overs and up to 180 s of catching up: longer at the 1M size (by hand).
const TEST_TIMEOUT_MS = 240_000 + PER_PARTITION * PARTITIONS * 0.5;

afterEach(killMembers);

const modes = [
  { name: 'classic eager (range)', protocol: 'classic', assignor: 'range', incremental: false },
  {
    name: 'classic cooperative-sticky',
    protocol: 'classic',
    assignor: 'cooperative-sticky',
    incremental: true,
  },
  ...(supports848 ? [{ name: 'KIP-848', protocol: 'consumer', assignor: '-', incremental: true }] : []),
];

describe.each(modes)(
  '3 member processes, one killed, one added: $name',
  ({ protocol, assignor, incremental }) => {
    it('loses nothing, duplicates only the killed member’s uncommitted records', {
      timeout: TEST_TIMEOUT_MS,
    }, async () => {
      const topic = unique('faults');
      const groupId = unique('faults-group');
      await new BootstrapClient(kafka.bootstrap).createTopic(topic, {
        numPartitions: PARTITIONS,
        replicationFactor: 1,
      });
      const members = [0, 1, 2].map(() =>
        startMember(kafka.bootstrap, { topic, groupId, protocol, assignor }),
      );
      const producers = Array.from(
        { length: PARTITIONS },
        (_, partition) => new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition }),
      );
      try {
        await until(
          () => members.every((m) => heldAt(m, Date.now()).size > 0),
          60_000,
          'three members assigned',
        );
        let killedAt = 0;
        let joinedAt = 0;
        for (let round = 0; round < ROUNDS; round++) {
          await Promise.all(
            producers.map((p, partition) =>
              p.produceStrings(
                Array.from({ length: PER_ROUND }, (_, i) => `p${partition}-${round * PER_ROUND + i}`),
              ),
            ),
          );
          if (round === 8) {
            killedAt = Date.now();
            members[0]!.process.kill('SIGKILL');
          }
          if (round === 20) {
            joinedAt = Date.now();
            members.push(startMember(kafka.bootstrap, { topic, groupId, protocol, assignor }));
          }
          await new Promise((r) => setTimeout(r, ROUND_MS));
        }
        const productionEnded = Date.now();
        const survivors = members.slice(1);
        // Distinct records read so far, from merged offset ranges (cheap enough to poll at 1M records).
        const readCount = () => {
          const byPartition = new Map<number, [bigint, bigint][]>();
          for (const m of members)
            for (const b of m.batches)
              byPartition.set(b.partition, [...(byPartition.get(b.partition) ?? []), [b.first, b.last]]);
          let count = 0n;
          for (const ranges of byPartition.values()) {
            ranges.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
            let end = -1n;
            for (const [first, last] of ranges) {
              if (last <= end) continue;
              count += last - (first > end ? first : end + 1n) + 1n;
              end = last;
            }
          }
          return Number(count);
        };
        await until(() => readCount() === PARTITIONS * PER_PARTITION, 180_000, 'every record read').catch(
          (error: Error) => {
            throw new Error(`${error.message}: ${readCount()} of ${PARTITIONS * PER_PARTITION} read`);
          },
        );
        const allReadAt = Date.now();
        // The added member takes part: it gets partitions of its own.
        await until(() => heldAt(members[3]!, Date.now()).size > 0, 30_000, 'the added member assigned');
        // A graceful leave: one survivor closes (it commits, then LeaveGroup or the KIP-848 leave
        // heartbeat); timed until every partition it held is assigned to a member that stays.
        const leaver = survivors[0]!;
        const stayers = survivors.slice(1);
        const leaverHeld = [...heldAt(leaver, Date.now())];
        const leftAt = Date.now();
        leaver.process.kill('SIGTERM');
        await leaver.exited;
        const takenOver = () =>
          leaverHeld.map((p) =>
            Math.min(
              ...stayers.flatMap((m) =>
                m.events
                  .filter((e) => e.kind === 'A' && e.at >= leftAt && e.partitions.includes(p))
                  .map((e) => e.at),
              ),
            ),
          );
        await until(() => takenOver().every(Number.isFinite), 30_000, 'the leaver’s partitions taken over');
        const leaveReassignedAt = Math.max(...takenOver());
        for (const m of stayers) m.process.kill('SIGTERM');
        await Promise.all(stayers.map((m) => m.exited));

        // Lost and duplicated records.
        const times = new Map<string, number>();
        for (const m of members) {
          for (const b of m.batches)
            for (let o = b.first; o <= b.last; o++)
              times.set(`${b.partition}/${o}`, (times.get(`${b.partition}/${o}`) ?? 0) + 1);
        }
        const killed = members[0]!;
        let duplicates = 0;
        let outsideWindow = 0;
        for (const [key, count] of times) {
          if (count === 1) continue;
          duplicates += count - 1;
          const [p, o] = key.split('/').map(BigInt) as [bigint, bigint];
          const committed = killed.commits.get(Number(p)) ?? -1n;
          const readByKilled = killed.batches.some(
            (b) => BigInt(b.partition) === p && b.first <= o && o <= b.last,
          );
          if (!(readByKilled && o >= committed)) outsideWindow++;
        }
        expect(times.size).toBe(PARTITIONS * PER_PARTITION);
        expect(outsideWindow).toBe(0);

        // Partitions a survivor held from before the kill to the end: the longest wait between two
        // of their batches while records kept coming.
        const end = productionEnded;
        let longestGap = 0;
        let revokedKept = 0;
        for (const m of survivors.slice(0, 2)) {
          const kept = [...heldAt(m, killedAt - 1)].filter((p) => heldAt(m, end).has(p));
          for (const e of m.events)
            if (e.kind !== 'A' && e.at > killedAt && e.at <= end)
              revokedKept += e.partitions.filter((p) => kept.includes(p)).length;
          for (const p of kept) {
            const at = m.batches
              .filter((b) => b.partition === p && b.at >= killedAt && b.at <= end)
              .map((b) => b.at);
            for (let i = 1; i < at.length; i++) longestGap = Math.max(longestGap, at[i]! - at[i - 1]!);
          }
        }
        // Hand-over times: the killed member's partitions assigned elsewhere; the new member's first partitions.
        const killedHeld = heldAt(killed, killedAt);
        const reassignedAt = Math.min(
          ...[...killedHeld].map((p) =>
            Math.min(
              ...survivors.flatMap((m) =>
                m.events
                  .filter((e) => e.kind === 'A' && e.at > killedAt && e.partitions.includes(p))
                  .map((e) => e.at),
              ),
            ),
          ),
        );
        const newMember = members[3]!;
        const firstAssigned =
          newMember.events.find((e) => e.kind === 'A' && e.partitions.length > 0)?.at ?? Number.NaN;
        console.log(
          `[consumer faults] ${kafka.version} ${protocol}/${assignor}: records ${times.size}, duplicates ${duplicates} ` +
            `(all inside the killed member's uncommitted window), all read ${allReadAt - productionEnded} ms after ` +
            `production ended, kill→reassigned ${reassignedAt - killedAt} ms, ` +
            `join→assigned ${firstAssigned - joinedAt} ms, leave→reassigned ${leaveReassignedAt - leftAt} ms ` +
            `(${leaverHeld.length} partitions), longest gap of unmoved partitions ${longestGap} ms, ` +
            `unmoved partitions revoked ${revokedKept}`,
        );
        if (incremental) {
          // Partitions that did not move were never revoked and kept flowing through both rebalances.
          expect(revokedKept).toBe(0);
          expect(longestGap).toBeLessThan(3_000);
        }
      } finally {
        for (const m of members) m.process.kill('SIGKILL');
        for (const p of producers) p.close();
      }
    });
  },
);
