import type { Sim } from '../core/engine';
import { attachCache, byNameNumber, nameNumber } from '../core/numbered';
import type { BrokerState, ConsumerState, FetcherState, KafkaState, ReplicaState } from './types';

/*
 * Brokers, consumers, replicas and fetchers found by the number their name ends in (broker-3,
 * orders-7) instead of by name: the data path looks them up a few times per message, and a record
 * read by a name that varies from call to call is a megamorphic (hash-probing) load.
 *
 * The arrays are caches derived from the records (core/numbered.ts): not copied by checkpoints, so
 * a restored world derives them again. Each owner keeps all of its caches in one holder object
 * under one symbol, so that it has two hidden classes at most (without and with the holder): a
 * symbol per cache gave the owners a hidden class per order in which caches were first used, and
 * in a timeline (whose live world is a copy) the loads turned megamorphic again. Each array is
 * dropped whenever an entry of its record is added, replaced or removed: every such write goes
 * through the set... functions below.
 */

interface StateLookups {
  brokers: BrokerState[] | null;
  consumers: ConsumerState[] | null;
}

interface BrokerLookups {
  replicas: (ReplicaState | undefined)[] | null;
  fetchers: (FetcherState | undefined)[] | null;
}

const LOOKUPS = Symbol('lookups by number');

function stateLookups(st: KafkaState): StateLookups {
  return (st as KafkaState & { [LOOKUPS]?: StateLookups })[LOOKUPS] ?? attachCache<StateLookups>(st, LOOKUPS, { brokers: null, consumers: null });
}

function brokerLookups(br: BrokerState): BrokerLookups {
  return (br as BrokerState & { [LOOKUPS]?: BrokerLookups })[LOOKUPS] ?? attachCache<BrokerLookups>(br, LOOKUPS, { replicas: null, fetchers: null });
}

/** The state of broker `b` (a broker's name). */
export function brokerOf(sim: Sim<KafkaState>, b: string): BrokerState {
  const st = sim.state;
  const l = stateLookups(st);
  return (l.brokers ??= byNameNumber(st.brokers) as BrokerState[])[nameNumber(b)];
}

/** Replaces broker `b`'s state (at start and on a restart). */
export function setBroker(st: KafkaState, b: string, br: BrokerState): void {
  st.brokers[b] = br;
  stateLookups(st).brokers = null;
}

/** Consumer `c`'s state (`c` a consumer's name). */
export function consumerOf(sim: Sim<KafkaState>, c: string): ConsumerState {
  const st = sim.state;
  const l = stateLookups(st);
  return (l.consumers ??= byNameNumber(st.consumers) as ConsumerState[])[nameNumber(c)];
}

/** Sets (a start) or removes (undefined: the process is gone) consumer `c`'s state. */
export function setConsumer(st: KafkaState, c: string, s: ConsumerState | undefined): void {
  if (s !== undefined) st.consumers[c] = s;
  else if (st.consumers[c] !== undefined) delete st.consumers[c];
  else return;
  stateLookups(st).consumers = null;
}

/** Broker `br`'s replica of partition `p`, if it has one. */
export function replicaOf(br: BrokerState, p: string): ReplicaState | undefined {
  const l = brokerLookups(br);
  return (l.replicas ??= byNameNumber(br.replicas))[nameNumber(p)];
}

/** Adds partition `p`'s replica `r` to broker `br`; returns it. */
export function setReplica(br: BrokerState, p: string, r: ReplicaState): ReplicaState {
  br.replicas[p] = r;
  brokerLookups(br).replicas = null;
  return r;
}

/** Broker `br`'s fetcher from `leader`, if it has one. */
export function fetcherTo(br: BrokerState, leader: string): FetcherState | undefined {
  const l = brokerLookups(br);
  return (l.fetchers ??= byNameNumber(br.fetchers))[nameNumber(leader)];
}

/** Adds broker `br`'s fetcher from `leader`; returns it. */
export function setFetcher(br: BrokerState, leader: string, f: FetcherState): FetcherState {
  br.fetchers[leader] = f;
  brokerLookups(br).fetchers = null;
  return f;
}
