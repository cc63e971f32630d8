import type { NetworkConfig } from '../scenario/defaults';
import { forkPrng, hashString, nextInt, nextSmallIntAt } from './prng';
import type { NodeState } from './types';

/**
 * The network between a system's nodes. Each directed link has a base latency drawn once from a
 * generator named after the link (so it does not depend on which link was used first), plus a
 * per-message jitter from the link's own generator, so that traffic on one link never shifts the
 * latencies of another (a consumer setting changed in a what-if does not move the producer's
 * messages); delivery keeps per-link FIFO order as a TCP connection does. Links can be cut one way
 * or both; a node can be cut from everyone.
 */
export interface NetworkState {
  /** Directed cuts "a>b": what a sends to b is dropped. */
  cuts: Record<string, true>;
  /**
   * How many cuts and isolated nodes there are. Zero on the common path, where every link is
   * open and no per-message check is needed.
   */
  blocked: number;
  /** Number of nodes: a directed link's slot is source index * stride + destination index. */
  stride: number;
  /**
   * Base one-way latency per directed link slot, drawn on first use (-1 before). A dense array:
   * a sparse object keyed by large numbers is a slow dictionary.
   */
  base: number[];
  /** Last scheduled delivery per directed link slot, for FIFO order (-1: none yet). */
  lastDelivery: number[];
  /** Each link's jitter generator: the four sfc32 words of slot i at 4i (seeded with its base). */
  jitter: Int32Array;
  /** Root seed for per-link latency draws. */
  seed: number;
}

export function newNetwork(seed: number, nodeCount: number): NetworkState {
  return {
    cuts: {}, blocked: 0, seed, stride: nodeCount,
    base: new Array<number>(nodeCount * nodeCount).fill(-1),
    lastDelivery: new Array<number>(nodeCount * nodeCount).fill(-1),
    jitter: new Int32Array(nodeCount * nodeCount * 4),
  };
}

/** Recounts cuts and isolated nodes after a network fault. */
export function recountBlocked(net: NetworkState, nodes: Record<string, NodeState>): void {
  let n = Object.keys(net.cuts).length;
  for (const node of Object.values(nodes)) if (node.isolated !== null) n++;
  net.blocked = n;
}

export function linkOpen(net: NetworkState, nodes: Record<string, NodeState>, src: string, dest: string): boolean {
  if (net.blocked === 0) return true;
  if (net.cuts[`${src}>${dest}`]) return false;
  const s = nodes[src].isolated;
  const d = nodes[dest].isolated;
  if (s === 'both' || s === 'out') return false;
  if (d === 'both' || d === 'in') return false;
  return true;
}

/** One message's one-way latency on src->dest: the link's base plus jitter in [0, jitterMs]. */
export function linkLatency(net: NetworkState, link: number, src: string, dest: string, cfg: NetworkConfig): number {
  let base = net.base[link];
  if (base < 0) base = firstUse(net, link, src, dest, cfg);
  // jitterMs is at most 10,000 (schema.ts), well within nextSmallIntAt's bound.
  return base + (cfg.jitterMs > 0 ? nextSmallIntAt(net.jitter, link * 4, cfg.jitterMs + 1) : 0);
}

/** Draws a link's base latency and seeds its jitter the first time it carries a message; returns the base. */
function firstUse(net: NetworkState, link: number, src: string, dest: string, cfg: NetworkConfig): number {
  // A link's base latency lies in [latencyMs/2, latencyMs*3/2], integer ms, at least 1 ms,
  // drawn from a generator named after the link, so it does not depend on which link came first;
  // the same generator, from then on, draws the link's jitter.
  const linkRng = forkPrng(net.seed ^ hashString(`${src}>${dest}`), 'link');
  const lo = Math.max(1, Math.floor(cfg.latencyMs / 2));
  const hi = Math.max(lo, Math.floor((cfg.latencyMs * 3) / 2));
  const base = (net.base[link] = lo + nextInt(linkRng, hi - lo + 1));
  net.jitter.set(linkRng, link * 4);
  return base;
}

export function cut(net: NetworkState, a: string, b: string, direction: 'both' | 'in' | 'out'): void {
  // direction is from a's point of view: "in" drops what a receives from b, "out" what a sends to b.
  if (direction !== 'in') net.cuts[`${a}>${b}`] = true;
  if (direction !== 'out') net.cuts[`${b}>${a}`] = true;
}

export function healLinks(net: NetworkState, a: string, others: readonly string[] | null): void {
  for (const key of Object.keys(net.cuts)) {
    const [x, y] = key.split('>');
    const involvesA = x === a || y === a;
    if (!involvesA) continue;
    const other = x === a ? y : x;
    if (others === null || others.includes(other)) delete net.cuts[key];
  }
}
