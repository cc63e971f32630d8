/**
 * The consumer partition assignors (RangeAssignor, RoundRobinAssignor, StickyAssignor,
 * CooperativeStickyAssignor), as pure functions of sorted member ids and partition names
 * "<topic>-<n>". Every member subscribes to every topic here, as in the workload.
 */
export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

function topicOf(name: string): string {
  return name.slice(0, name.lastIndexOf('-'));
}

function numberOf(name: string): number {
  return Number(name.slice(name.lastIndexOf('-') + 1));
}

/** Partitions sorted by topic, then by partition number (the order the assignors use). */
function sorted(partitions: string[]): string[] {
  return partitions.slice().sort((a, b) => (topicOf(a) < topicOf(b) ? -1 : topicOf(a) > topicOf(b) ? 1 : numberOf(a) - numberOf(b)));
}

function empty(members: string[]): Record<string, string[]> {
  return Object.fromEntries(members.map((m) => [m, [] as string[]]));
}

/** Range: per topic, consecutive ranges; the first (n mod m) members get one extra partition. */
export function rangeAssign(members: string[], partitions: string[]): Record<string, string[]> {
  const out = empty(members);
  const ms = members.slice().sort();
  const byTopic = new Map<string, string[]>();
  for (const p of sorted(partitions)) byTopic.set(topicOf(p), [...(byTopic.get(topicOf(p)) ?? []), p]);
  for (const ps of byTopic.values()) {
    const per = Math.floor(ps.length / ms.length);
    const extra = ps.length % ms.length;
    let next = 0;
    ms.forEach((m, i) => {
      const n = per + (i < extra ? 1 : 0);
      out[m].push(...ps.slice(next, next + n));
      next += n;
    });
  }
  return out;
}

/** RoundRobin: all partitions in order, dealt to the sorted members in turn. */
export function roundRobinAssign(members: string[], partitions: string[]): Record<string, string[]> {
  const out = empty(members);
  const ms = members.slice().sort();
  sorted(partitions).forEach((p, i) => out[ms[i % ms.length]].push(p));
  return out;
}

/**
 * StickyAssignor / CooperativeStickyAssignor when every member has the same subscription
 * (AbstractStickyAssignor.ConstrainedAssignmentBuilder, 2.8+; 3.9.0 read): minQuota = floor(P / M),
 * maxQuota = ceil(P / M), and P mod M members may hold maxQuota.
 * 1. assignOwnedPartitions: each member's owned partitions, sorted by partition number then topic,
 *    are kept: all of them if fewer than minQuota (the member is "under minQuota"), maxQuota of
 *    them while members over minQuota are still expected, else minQuota (the member is then
 *    "exactly at minQuota" if over-quota members are still expected). The rest are given up.
 *    The real builder walks the members in HashMap order of their ids (random UUIDs); here in
 *    sorted order. That order only decides which of several members owning more than minQuota
 *    keep maxQuota.
 * 2. assignRoundRobin: the unassigned partitions, sorted by topic then partition, go round-robin
 *    over the sorted members under minQuota (one reaching it leaves that list and joins the end of
 *    the exactly-at-minQuota list); once none is under, each goes to the head of the exactly-at-
 *    minQuota list (sorted), which then has maxQuota and leaves it.
 * Without history this deals like round-robin.
 */
export function stickyAssign(members: string[], partitions: string[], previous: Record<string, string[]> = {}): Record<string, string[]> {
  const out = empty(members);
  const ms = members.slice().sort();
  const all = sorted(partitions);
  const minQuota = Math.floor(all.length / ms.length);
  const maxQuota = Math.ceil(all.length / ms.length);
  const expectedOver = all.length % ms.length;
  let currentOver = 0;
  const under: string[] = [];
  let exactlyMin: string[] = [];
  const taken = new Set<string>();
  for (const m of ms) {
    // Owned, still existing, not claimed by an earlier member; sorted by partition, then topic.
    const owned = (previous[m] ?? []).filter((p) => all.includes(p) && !taken.has(p))
      .sort((a, b) => numberOf(a) - numberOf(b) || (topicOf(a) < topicOf(b) ? -1 : topicOf(a) > topicOf(b) ? 1 : 0));
    let keep: string[];
    if (owned.length < minQuota) {
      keep = owned;
      under.push(m);
    } else if (owned.length >= maxQuota && currentOver < expectedOver) {
      currentOver++;
      if (currentOver === expectedOver) exactlyMin = [];
      keep = owned.slice(0, maxQuota);
    } else {
      keep = owned.slice(0, minQuota);
      if (currentOver < expectedOver) exactlyMin.push(m);
    }
    for (const p of keep) {
      out[m].push(p);
      taken.add(p);
    }
  }
  under.sort();
  exactlyMin.sort();
  let i = 0; // the round-robin iterator over `under`
  for (const p of all) {
    if (taken.has(p)) continue;
    let m: string;
    if (i < under.length) m = under[i];
    else if (under.length === 0) m = exactlyMin.shift()!;
    else m = under[(i = 0)];
    out[m].push(p);
    const count = out[m].length;
    if (count === minQuota && i < under.length && under[i] === m) {
      under.splice(i, 1); // unfilledConsumerIter.remove(): the iterator stays at the next member
      exactlyMin.push(m);
    } else {
      if (count === maxQuota) currentOver++;
      i++;
    }
  }
  return out;
}

/** Whether the assignor uses the COOPERATIVE rebalance protocol (KIP-429); the others are EAGER. */
export function isCooperative(name: AssignorName): boolean {
  return name === 'cooperative-sticky';
}

/**
 * CooperativeStickyAssignor: the sticky assignment over what members own now, then
 * (adjustAssignment) every partition that would move from one member to another is left out of its
 * new owner's assignment in this round. The current owner is not given it either, so it revokes
 * it and rejoins, and the next round assigns it, unowned, to its new owner.
 */
export function cooperativeAssign(members: string[], partitions: string[], owned: Record<string, string[]>): Record<string, string[]> {
  const target = stickyAssign(members, partitions, owned);
  const ownerOf = new Map<string, string>();
  for (const m of members) for (const p of owned[m] ?? []) ownerOf.set(p, m);
  const out = empty(members);
  for (const m of members) for (const p of target[m]) {
    const owner = ownerOf.get(p);
    if (owner === undefined || owner === m) out[m].push(p);
  }
  return out;
}

export function assign(name: AssignorName, members: string[], partitions: string[], previous: Record<string, string[]> = {}): Record<string, string[]> {
  if (members.length === 0) return {};
  if (name === 'range') return rangeAssign(members, partitions);
  if (name === 'roundrobin') return roundRobinAssign(members, partitions);
  return stickyAssign(members, partitions, previous);
}
