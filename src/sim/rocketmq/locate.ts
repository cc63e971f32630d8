import { lastLoggedAt } from '../core/log-search';
import { isUnconsumedAcked, unconsumedAckedFlags } from '../accounting/ledger';
import type { Whereabouts } from '../core/model';
import { TOPIC_DLQ, TOPIC_SCHEDULE } from './constants';
import { groupNodes } from './roles';
import { mqKey, mqName } from './state';
import { decodeHead, type EntryHead } from './entry';
import { commitLog, type RSim } from './store';
import { CHUNK } from '../core/cowlist';

/**
 * Where an acknowledged, never-consumed message is at the end: readable if a running broker has it
 * in a ConsumeQueue (or in SCHEDULE_TOPIC_XXXX, on its way to %RETRY%), stranded if a copy survives
 * only on a broker that is down or in %DLQ%, lost if no copy survives. Built once per world state.
 */
/** rank of a non-readable copy: 0 below the group's offset on a running broker, 1 on a down broker, 2 in %DLQ%. */
type Where = { status: 'readable' | 'stranded'; broker: string; rank: number };
const cache = new WeakMap<object, { events: number; map: Map<number, Where> }>();

/** The whereabouts of every acknowledged, undelivered message: one scan per world state. */
function index(sim: RSim): Map<number, Where> {
  const hit = cache.get(sim.world);
  if (hit && hit.events === sim.world.events) return hit.map;
  const wanted = unconsumedAckedFlags(sim.world.ledger);
  const map = scan(sim, (id) => id < wanted.length && wanted[id] === 1);
  cache.set(sim.world, { events: sim.world.events, map });
  return map;
}

/** Scans every CommitLog; only ids that `wanted` accepts get an entry in the map. */
function scan(sim: RSim, wanted: (id: number) => boolean): Map<number, Where> {
  const map = new Map<number, Where>();
  for (const node of sim.state.brokerNodes) {
    const log = commitLog(sim, node).entries;
    const b = sim.state.brokers[node];
    const running = sim.isRunning(node) && b.up;
    // Per queue key: the next queue offset seen in this CommitLog, and the group's progress there
    // (computed once per queue, not once per entry: the scan covers every message of the run).
    // Keyed by topic and queue as one number (topics below 4, queues and delay levels below 32);
    // the CommitLog is read chunk by chunk and each entry decoded once.
    const seen = new Int32Array(4 * 32).fill(-1);
    const upTo = new Map<number, number>();
    const chunks = log.readChunks();
    const head: EntryHead = { t: 0, q: 0, id: 0 };
    for (let idx = 0; idx < log.length; idx++) {
      const c = (idx / CHUNK) | 0;
      const v = chunks[c][idx - c * CHUNK];
      decodeHead(v, head);
      const { t, q, id } = head;
      if (q >= 32 || t >= 4) throw new Error(`locate: queue ${q} of topic ${t} is beyond LIMITS`); // queuesPerBroker <= 16, delay levels 18
      const tq = t * 32 + q;
      const qOffset = ++seen[tq];
      if (!wanted(id)) continue;
      const prev = map.get(id);
      if (prev !== undefined && prev.status === 'readable') continue;
      const dlq = t === TOPIC_DLQ;
      // A copy below the group's consume offset was already handed to a consumer (and failed), or sits at a
      // queue offset reused after a truncation that the consumer had passed on the old master: not readable.
      let progress = upTo.get(tq);
      if (progress === undefined) upTo.set(tq, (progress = t === TOPIC_SCHEDULE ? scheduledUpTo(sim, b.g, q) : consumedUpTo(sim, b.g, t, q)));
      const readable = running && !dlq && idx < b.dispatched && qOffset >= progress;
      if (readable) map.set(id, { status: 'readable', broker: node, rank: 0 });
      else {
        const rank = dlq ? 2 : running && qOffset < progress ? 0 : 1;
        if (!prev || rank > prev.rank) map.set(id, { status: 'stranded', broker: node, rank });
      }
    }
  }
  return map;
}

/** How far the group's master has moved a delay level's messages on to %RETRY%. */
function scheduledUpTo(sim: RSim, g: number, level: number): number {
  let best = 0;
  for (const node of groupNodes(sim, g)) best = Math.max(best, sim.state.brokers[node].scheduleOffsets[level] ?? 0);
  return best;
}

/** The consumer group's progress on a queue: the furthest of the brokers' stored offsets and live consumers'. */
function consumedUpTo(sim: RSim, g: number, t: number, q: number): number {
  if (sim.scenario.rocketmq.messageModel === 'BROADCASTING') return 0;
  let best = 0;
  for (const node of groupNodes(sim, g)) best = Math.max(best, sim.state.brokers[node].offsets[mqKey(t, q)] ?? 0);
  for (const c of Object.values(sim.state.consumers)) {
    const pq = c.pqs[mqName(t, g, q)];
    if (pq?.ready) best = Math.max(best, pq.committed);
  }
  return best;
}

/** The log kinds of a CommitLog truncation (DLedger rejoin, controller-mode epoch check). */
const TRUNCATIONS = ['DLEDGER_TRUNCATE', 'EPOCH_TRUNCATE'];

export function locate(sim: RSim, id: number): Whereabouts {
  // Other ids (outside the contract) get a scan of their own rather than a wrong answer.
  const where = isUnconsumedAcked(sim.world.ledger, id) ? index(sim).get(id) : scan(sim, (x) => x === id).get(id);
  if (where?.status === 'readable') return { status: 'readable', cause: { code: 'rocketmq.readable', params: { broker: where.broker } } };
  if (where) {
    if (where.rank === 2) return { status: 'stranded', cause: { code: 'rocketmq.inDlq', params: { broker: where.broker } } };
    if (where.rank === 0) return { status: 'stranded', cause: { code: 'rocketmq.belowConsumeOffset', params: { broker: where.broker } } };
    return { status: 'stranded', cause: { code: 'rocketmq.strandedOnDownBroker', params: { broker: where.broker } } };
  }
  const st = sim.state;
  const at = id < st.storedAt.length ? st.storedAt.get(id) : -1;
  if (at < 0) return { status: 'lost', cause: { code: 'rocketmq.neverStored' } };
  const broker = st.brokerNodes[at];
  // A truncation elsewhere (an earlier attempt's copy in another group) did not lose the latest copy.
  const truncatedOn = st.truncated.get(id);
  if (truncatedOn && st.brokers[truncatedOn].g === st.brokers[broker].g) {
    const lostAt = lastLoggedAt(sim, truncatedOn, TRUNCATIONS);
    if (st.controller) return { status: 'lost', cause: { code: 'rocketmq.epochTruncatedLost', params: { broker: truncatedOn } }, lostAt };
    return { status: 'lost', cause: { code: 'rocketmq.dledgerTruncated', params: { broker: truncatedOn } }, lostAt };
  }
  const down = st.lastDown[broker];
  if (down === 'destroy') return { status: 'lost', cause: { code: 'rocketmq.lostWithDisk', params: { broker } }, lostAt: lastLoggedAt(sim, broker, ['destroy']) };
  if (down === 'powerLoss') return { status: 'lost', cause: { code: 'rocketmq.lostUnflushed', params: { broker } }, lostAt: lastLoggedAt(sim, broker, ['powerLoss']) };
  return { status: 'lost', cause: { code: 'core.unknown' } };
}
