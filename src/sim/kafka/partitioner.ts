import type { PrngState } from '../core/prng';
import { nextInt } from '../core/prng';
import { nameNumber } from '../core/numbered';

/**
 * The default partitioner: keyed records go to (murmur2(keyBytes) & 0x7fffffff) % numPartitions
 * (Utils.murmur2, BuiltInPartitioner.partitionForKey); records without a key stick to one
 * partition until its batch is sent (KIP-480 sticky partitioner, 2.4+, built in since 3.3,
 * KIP-794), and went round-robin before 2.4.
 */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= (data[tail + 2] & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1] & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** ASCII/UTF-8 bytes of a short key string (workload keys are "k0", "k1", ...). */
export function keyBytes(key: string): Uint8Array {
  return new TextEncoder().encode(key);
}

const cache = new Map<number, number>();
/** murmur2 of the workload key k<n>; a pure function, cached by key index. */
export function keyHash(key: number): number {
  let h = cache.get(key);
  if (h === undefined) {
    h = murmur2(keyBytes(`k${key}`));
    cache.set(key, h);
  }
  return h;
}

export function partitionForKey(key: number, numPartitions: number): number {
  return (keyHash(key) & 0x7fffffff) % numPartitions;
}

/**
 * The next sticky partition of 4.x (BuiltInPartitioner.nextPartition, KIP-794, 3.3+): random among
 * the partitions that have a leader (Cluster.availablePartitionsForTopic), the previous one
 * included. With partitioner.adaptive.partitioning.enable = true (default) and queues of unequal
 * length, the draw is weighted by maxQueue + 1 - queue, queue = batches in the partition's deque
 * (BuiltInPartitioner.updatePartitionLoadStats, fed by RecordAccumulator.ready; here read at the
 * draw). partitioner.availability.timeout.ms = 0: no partition is skipped for a slow broker.
 */
export function builtInNextPartition(rng: PrngState, leaders: { leader: string | null }[] | null, queues: { length: number }[]): number {
  const n = queues.length;
  let available = 0;
  let maxQ = 0;
  let first = -1;
  let allEqual = true;
  for (let i = 0; i < n; i++) {
    if (leaders !== null && leaders[i].leader === null) continue;
    const q = queues[i].length;
    if (first < 0) first = q;
    else if (q !== first) allEqual = false;
    if (q > maxQ) maxQ = q;
    available++;
  }
  if (available === 0) return nextInt(rng, n);
  const adaptive = !(allEqual && available === n);
  let total = 0;
  for (let i = 0; i < n; i++) if (leaders === null || leaders[i].leader !== null) total += adaptive ? maxQ + 1 - queues[i].length : 1;
  let pick = nextInt(rng, total);
  for (let i = 0; i < n; i++) {
    if (leaders !== null && leaders[i].leader === null) continue;
    pick -= adaptive ? maxQ + 1 - queues[i].length : 1;
    if (pick < 0) return i;
  }
  return n - 1;
}

/**
 * The next sticky partition before 3.3 (StickyPartitionCache.nextPartition, KIP-480, 2.4-3.2): a
 * random one different from the previous one when there is a choice. Older clients send null-key
 * records round-robin (roundRobinPartition).
 */
export function nextSticky(rng: PrngState, previous: number, numPartitions: number): number {
  if (numPartitions === 1) return 0;
  const pick = nextInt(rng, numPartitions - (previous >= 0 ? 1 : 0));
  return previous >= 0 && pick >= previous ? pick + 1 : pick;
}

/**
 * A null-key record before 2.4 (0.8.2 producer.internals.Partitioner, 0.9-2.3 DefaultPartitioner):
 * one counter per topic, starting at a random int and taken with getAndIncrement, picks
 * toPositive(counter) % the number of partitions with a leader (Cluster.availablePartitionsForTopic),
 * as an index into that list; with none available, % all partitions. So records rotate over the
 * partitions one by one, each usually in a batch of its own. The list is taken in partition order.
 */
export function roundRobinPartition(counter: number, leaders: { leader: string | null }[] | null, numPartitions: number): number {
  const positive = counter & 0x7fffffff; // Utils.toPositive (0.8.2: Utils.abs, the same mask)
  let available = 0;
  if (leaders !== null) for (let i = 0; i < numPartitions; i++) if (leaders[i].leader !== null) available++;
  if (leaders === null || available === 0 || available === numPartitions) return positive % numPartitions;
  let pick = positive % available;
  for (let i = 0; i < numPartitions; i++) {
    if (leaders[i].leader === null) continue;
    if (pick === 0) return i;
    pick--;
  }
  return numPartitions - 1;
}

/**
 * The partition number in a partition name ("orders-7" -> 7): the digits after the last '-',
 * read in place (cheaper than a map lookup by name, and this runs for many messages).
 */
export const partitionIndex = nameNumber;
