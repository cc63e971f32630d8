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
 * Sticky: balanced, and every surviving member keeps what it owned (up to the balanced quota);
 * the rest go one by one to the member with the fewest. Without history it deals like round-robin.
 */
export function stickyAssign(members: string[], partitions: string[], previous: Record<string, string[]> = {}): Record<string, string[]> {
  const out = empty(members);
  const ms = members.slice().sort();
  const all = sorted(partitions);
  const floor = Math.floor(all.length / ms.length);
  let ceilSlots = all.length % ms.length; // this many members may hold floor + 1
  const taken = new Set<string>();
  for (const m of ms) {
    const owned = (previous[m] ?? []).filter((p) => all.includes(p) && !taken.has(p));
    let keep = Math.min(owned.length, floor);
    if (owned.length > floor && ceilSlots > 0) {
      keep = floor + 1;
      ceilSlots--;
    }
    for (const p of owned.slice(0, keep)) {
      out[m].push(p);
      taken.add(p);
    }
  }
  for (const p of all) {
    if (taken.has(p)) continue;
    let best = ms[0];
    for (const m of ms) if (out[m].length < out[best].length) best = m;
    out[best].push(p);
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
