// The uniform sticky partitioner of KIP-794 (the Java client's BuiltInPartitioner) for records without a key.

/**
 * How backed up each partition of a topic is: the number of batches waiting for it, or -1 when it
 * has no leader now (such partitions are skipped while others can take data).
 */
export type PartitionLoads = (topic: string, partitionCount: number) => readonly number[] | null;

interface Stuck {
  partition: number;
  bytes: number;
}

/**
 * Sticks to one partition per topic until `batchSize` bytes went to it, then moves on. The next
 * partition is chosen at random, weighted towards partitions with shorter queues (adaptive
 * partitioning: weight = longest queue + 1 - own queue); when every queue is as long, uniformly.
 */
export class StickyPartitioner {
  private readonly stuck = new Map<string, Stuck>();
  private readonly batchSize: number;
  private readonly loads: PartitionLoads;
  private readonly random: () => number;

  constructor(batchSize: number, loads: PartitionLoads, random: () => number = Math.random) {
    this.batchSize = batchSize;
    this.loads = loads;
    this.random = random;
  }

  /** The partition for the next keyless record of `topic`. */
  partition(topic: string, partitionCount: number): number {
    let state = this.stuck.get(topic);
    if (state === undefined || state.partition >= partitionCount) {
      state = { partition: this.next(topic, partitionCount, -1), bytes: 0 };
      this.stuck.set(topic, state);
    }
    return state.partition;
  }

  /** Counts `bytes` appended to `partition`; switches once the sticky partition had a batch's worth. */
  appended(topic: string, partition: number, bytes: number, partitionCount: number): void {
    const state = this.stuck.get(topic);
    if (state === undefined || state.partition !== partition) return;
    state.bytes += bytes;
    if (state.bytes >= this.batchSize) {
      state.partition = this.next(topic, partitionCount, partition);
      state.bytes = 0;
    }
  }

  /** A random partition, weighted by how little is queued for it; not `previous` when there is a choice. */
  private next(topic: string, partitionCount: number, previous: number): number {
    if (partitionCount <= 1) return 0;
    const loads = this.loads(topic, partitionCount);
    const candidates: number[] = [];
    const weights: number[] = [];
    let longest = 0;
    if (loads !== null) {
      for (let p = 0; p < partitionCount; p++) {
        const load = loads[p] ?? 0;
        if (load < 0) continue;
        candidates.push(p);
        weights.push(load);
        if (load > longest) longest = load;
      }
    }
    if (candidates.length === 0) return this.uniform(partitionCount, previous);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      weights[i] = longest + 1 - weights[i]!;
      total += weights[i]!;
    }
    // Two tries to leave `previous`, as a switch is the point; a lone candidate is kept.
    for (let attempt = 0; ; attempt++) {
      let pick = this.random() * total;
      let i = 0;
      while (i < candidates.length - 1 && pick >= weights[i]!) pick -= weights[i++]!;
      const partition = candidates[i]!;
      if (partition !== previous || candidates.length === 1 || attempt === 1) return partition;
    }
  }

  private uniform(partitionCount: number, previous: number): number {
    const partition = Math.floor(this.random() * partitionCount);
    return partition === previous ? (partition + 1) % partitionCount : partition;
  }
}
