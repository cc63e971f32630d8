import type { Scenario } from '../scenario/defaults';
import type { FaultSpec } from '../scenario/schema';
import type { NodeSpec, SystemName } from '../scenario/topology';
import { newEventQueue, queueDropBucket, queueNextAt, queuePush, queueTakeBucket, type EventQueue } from './queue';
import { CowList } from './cowlist';
import { cloneState } from './clone';
import { forkPrng, type PrngState } from './prng';
import { mixInt, mixString, newTraceHash, traceHex, type TraceHash } from './hash';
import { newLedger, type LedgerState } from '../accounting/ledger';
import { newFile, writebackExpired, DIRTY_WRITEBACK_INTERVAL_MS, type FileState } from './storage';
import type { Envelope, JourneyStep, LogEntry, LogInput, NodeState, QEvent, TimerBody, TimerEvent } from './types';
import { envelopeEvent, eventAt, faultEvent, PRIO_NORMAL, refusedEvent, timerEvent, writebackEvent } from './event';
import { renderCause } from '../causes';
import type { SystemModel } from './model';
import { newNetwork, linkOpen, linkLatency, type NetworkState } from './network';
import { applyFault, finishStop } from './faults';
import { newWorkload, scheduleFirstTick, onTick, type WorkloadState } from './workload';

/** How many milliseconds' buckets runUntil dispatches per inner call (see runBuckets). */
const BUCKETS_PER_CALL = 4096;

/** Everything that changes during a run. Plain data: a checkpoint is a deep copy of it. */
export interface World<M> {
  now: number;
  seq: number;
  envSeq: number;
  /** Events processed so far. */
  events: number;
  queue: EventQueue;
  nodes: Record<string, NodeState>;
  net: NetworkState;
  disks: Record<string, Record<string, FileState<unknown>>>;
  ledger: LedgerState;
  workload: WorkloadState;
  trace: TraceHash;
  log: CowList<LogEntry>;
  model: M;
}

/**
 * The deterministic discrete-event simulator for one system. Integer milliseconds, one ordered
 * queue, one seeded generator tree; no timers, no wall clock, no DOM. A model plugs in through
 * SystemModel and acts through this object's methods.
 */
export class Sim<M = unknown> {
  readonly scenario: Scenario;
  readonly system: SystemName;
  readonly model: SystemModel<M>;
  readonly specs: NodeSpec[];
  world: World<M>;
  /**
   * Optional observer for message journeys: when set, `journal` calls reach it. Not part of the
   * world (a journey is built by replaying the run with a tap), so normal runs pay one check.
   */
  tap: ((step: JourneyStep) => void) | null = null;
  /** The bucket being dispatched and the position in it (-1 between buckets); see queuePush. */
  private processingAt = -1;
  private processingIndex = -1;
  /** The world's nodes by index (derived: rebuilt whenever the world is replaced). */
  private byIdx: NodeState[] = [];
  /** Producer node names in order, for the workload's turns (derived from specs, not state). */
  readonly producerNames: readonly string[];
  /** Their numbers (producer-3 is 3), as the ledger records them. */
  readonly producerNumbers: readonly number[];

  constructor(scenario: Scenario, model: SystemModel<M>) {
    this.scenario = scenario;
    this.system = model.system;
    this.model = model;
    this.specs = model.nodes(scenario);
    this.producerNames = this.specs.filter((spec) => spec.kind === 'producer').map((spec) => spec.name);
    this.producerNumbers = this.producerNames.map((name) => Number(name.slice('producer-'.length)));
    const broadcast = model.system === 'rocketmq' && scenario.rocketmq.messageModel === 'BROADCASTING';
    const nodes: Record<string, NodeState> = {};
    for (const [idx, spec] of this.specs.entries()) {
      nodes[spec.name] = {
        name: spec.name, idx, kind: spec.kind, host: 'up', proc: spec.startsRunning ? 'running' : 'notStarted',
        inc: 0, slowMs: 0, isolated: null, deferred: [], stopping: false, listening: true,
      };
    }
    this.world = {
      now: 0, seq: 0, envSeq: 0, events: 0, queue: newEventQueue(), nodes,
      net: newNetwork(scenario.seed, this.specs.length),
      disks: Object.fromEntries(this.specs.map((s) => [s.name, {}])),
      ledger: newLedger(broadcast),
      workload: newWorkload(scenario),
      trace: newTraceHash(),
      log: new CowList(),
      model: undefined as M,
    };
    // One scenario carries both systems' faults; each run takes only its own (consumer-1 exists in both).
    scenario.faults.forEach((fault, index) => {
      if (fault.system === this.system) this.scheduleFault(fault, index, fault.atMs);
    });
    this.push(writebackEvent(DIRTY_WRITEBACK_INTERVAL_MS));
    this.byIdx = this.nodesByIndex();
    scheduleFirstTick(this);
    this.world.model = model.init(this);
  }

  // ----- reading -----

  get now(): number {
    return this.world.now;
  }

  get state(): M {
    return this.world.model;
  }

  node(name: string): NodeState {
    const n = this.lookup(name);
    if (!n) throw new Error(`unknown node ${name}`);
    return n;
  }

  /**
   * The node named `name`. A record lookup by a name that varies from call to call is a slow
   * (megamorphic) one, and this runs twice for every message sent; a Map finds a string by its
   * cached hash. The map is derived from the world's nodes, so rebuilt when the world is replaced.
   * (A small direct-mapped cache by a few characters was tried first: names like broker-a-1,
   * producer-1 and consumer-1 kept evicting each other.)
   */
  private lookup(name: string): NodeState | undefined {
    return this.nodeMap.get(name);
  }

  private nodeMap = new Map<string, NodeState>();

  /**
   * The node handling the current event and, for a message, the node that sent it (null when
   * none): send and setTimer check these before looking a name up, as most sends and timers are
   * the acting node's and most replies go to its sender. Nodes of the current world (cleared with
   * the map whenever the world is replaced), so a stale one is still the right object.
   */
  private acting: NodeState | null = null;
  private actingPeer: NodeState | null = null;

  /** The process is running (not crashed, paused, stopped or powered off). */
  isRunning(name: string): boolean {
    return this.lookup(name)?.proc === 'running';
  }

  /** Running and not closing: a producer the application still sends through. */
  acceptsSends(name: string): boolean {
    const n = this.lookup(name);
    return n !== undefined && n.proc === 'running' && !n.stopping;
  }

  /** The process exists and will run again without a restart (running or paused). */
  isAlive(name: string): boolean {
    const p = this.lookup(name)?.proc;
    return p === 'running' || p === 'paused';
  }

  /** A fresh, independent generator for a component; the same label always gives the same stream. */
  fork(label: string): PrngState {
    return forkPrng(this.scenario.seed, `${this.system}:${label}`);
  }

  traceHash(): string {
    return traceHex(this.world.trace);
  }

  // ----- acting (for models) -----

  /**
   * Sends `body` from `src` to `dest` over TCP: per-link FIFO, latency from the generator, plus any
   * `slow` delay. A dead process sends nothing, except `kernel` sends: the OS closing a dead
   * process's connections (FIN/RST), which reach peers while the host is up.
   */
  send<B>(src: string, dest: string, body: B, opts?: { kernel?: boolean }): Envelope<B> | null {
    const w = this.world;
    // Most sends come from the node handling the current event, and replies go to its sender.
    const a = this.acting;
    const from = a !== null && src === a.name ? a : this.lookup(src);
    const p = this.actingPeer;
    const to = p !== null && dest === p.name ? p : this.lookup(dest);
    if (from === undefined || to === undefined) throw new Error(`send: unknown node ${from === undefined ? src : dest}`);
    if (opts !== undefined && opts.kernel ? from.host !== 'up' : from.proc !== 'running') return null;
    const net = w.net;
    const slot = from.idx * net.stride + to.idx;
    const latency = linkLatency(net, slot, src, dest, this.scenario.network) + from.slowMs + to.slowMs;
    const last = net.lastDelivery[slot];
    const deliverAt = last > w.now + latency ? last : w.now + latency;
    net.lastDelivery[slot] = deliverAt;
    // The envelope is its own delivery event (one object per message on the wire).
    const doomed = net.blocked > 0 && !linkOpen(net, w.nodes, src, dest);
    const env = envelopeEvent(w.envSeq++, src, dest, from.idx, to.idx, w.now, deliverAt, body, from.inc, to.inc, doomed);
    this.push(env);
    return env;
  }

  /** Fires `timer` on `node` after `delayMs`; dropped if the process dies first, held while it is paused. */
  setTimer(node: string, delayMs: number, timer: TimerBody): void {
    const a = this.acting;
    const n = a !== null && node === a.name ? a : this.node(node);
    this.push(timerEvent(this.world.now + Math.max(0, Math.round(delayMs)), node, n.idx, n.inc, timer));
  }

  /** The named file on `node`'s disk, created empty on first use. */
  file<T>(node: string, name: string): FileState<T> {
    const disk = this.world.disks[node];
    if (!disk) throw new Error(`unknown node ${node}`);
    let f = disk[name];
    if (!f) disk[name] = f = newFile<T>();
    return f as FileState<T>;
  }

  /**
   * A step in the life of one or more application messages (appended, replicated, flushed,
   * acknowledged, consumed, truncated, ...). Costs nothing unless a journey is being recorded.
   */
  journal(node: string, code: string, ids: number | readonly number[], params?: Record<string, string | number>): void {
    if (this.tap) this.tap({ at: this.world.now, node, code, ids: typeof ids === 'number' ? [ids] : ids, params });
  }

  /** Records a notable event for the event log, the timeline and the checkers. */
  emit(entry: LogInput): void {
    const text = entry.text ?? renderCause({ code: entry.code!, params: entry.params });
    this.world.log.push({ at: this.world.now, ...entry, text });
  }

  // ----- running -----

  /** Schedules a fault (used at start and by the timeline when the learner acts). */
  scheduleFault(fault: FaultSpec, index: number, at: number): void {
    this.push(faultEvent(at, fault, index));
  }

  /** Processes every event up to and including time `t`, then sets the clock to `t`. */
  runUntil(t: number): void {
    while (this.runBuckets(t, BUCKETS_PER_CALL));
    const w = this.world;
    if (t > w.now) w.now = t;
  }

  /**
   * Dispatches up to `budget` buckets due by `t`; true if more may be due. The hot loop lives here
   * rather than in runUntil: V8 compiles a long-running loop while it runs (on-stack replacement),
   * before the code after it has ever run, and the clock update after runUntil's loop then threw
   * that compiled code back to the interpreter at the end of every call (at every checkpoint of a
   * timeline). This loop's way out needs nothing V8 has not seen.
   */
  private runBuckets(t: number, budget: number): boolean {
    const q = this.world.queue;
    for (let i = 0; i < budget; i++) {
      if (queueNextAt(q) > t) return false;
      this.runBucket();
    }
    return true;
  }

  /** Dispatches every event of the earliest millisecond (see dispatch for why it is kept small). */
  private runBucket(): void {
    const w = this.world;
    const q = w.queue;
    const at = queueNextAt(q);
    const events = queueTakeBucket(q);
    w.now = at;
    this.processingAt = at;
    // The bucket may grow while it is dispatched (events due now); the loop picks those up.
    for (let i = 0; i < events.length; i++) {
      this.processingIndex = i;
      this.dispatch(events[i], at);
    }
    this.processingAt = -1;
    queueDropBucket(q, at, events.length);
  }

  /** Time of the next queued event, or Infinity. */
  nextEventAt(): number {
    return queueNextAt(this.world.queue);
  }

  /** Processes the next event (and any others at the same millisecond); returns its time. */
  step(): number {
    const t = this.nextEventAt();
    if (t !== Infinity) this.runUntil(t);
    return t;
  }

  /** A snapshot of the world now, for `restore`. */
  checkpoint(): World<M> {
    return cloneState(this.world);
  }

  /** Continues from a snapshot (left untouched, so it can be restored again). */
  restore(cp: World<M>): void {
    this.world = cloneState(cp);
    this.byIdx = this.nodesByIndex();
  }

  /** Rebuilds what is derived from the world's nodes (after the world was replaced). */
  private nodesByIndex(): NodeState[] {
    this.nodeMap = new Map(Object.entries(this.world.nodes));
    this.acting = this.actingPeer = null;
    return this.specs.map((spec) => this.world.nodes[spec.name]);
  }

  push(ev: QEvent): void {
    ev.seq = this.world.seq++;
    queuePush(this.world.queue, ev, this.processingAt, this.processingIndex);
  }

  /*
   * dispatch, deliver and fireTimer run for every event: each keeps the common case short and
   * calls out for the rest, so that V8 inlines the whole common path into runBucket (whether it
   * inlined a large dispatch depended on the timing of compilation, and runs without it were a
   * third slower). `at` is the bucket's time, which is every one of its events' `at`.
   */
  private dispatch(ev: QEvent, at: number): void {
    const w = this.world;
    w.events++;
    mixInt(w.trace, at);
    const k = ev.k;
    if (k === 'msg') return this.deliver(ev);
    if (k === 'timer') return this.fireTimer(ev);
    if (k === 'tick') return onTick(this);
    this.dispatchRare(ev);
  }

  private dispatchRare(ev: QEvent): void {
    const w = this.world;
    switch (ev.k) {
      case 'refused': {
        mixString(w.trace, 'refused');
        const env = ev.body;
        const src = w.nodes[env.src];
        if (src.proc === 'running' && src.inc === env.srcInc) this.model.onRefused(this, env);
        return;
      }
      case 'fault':
        mixString(w.trace, ev.body.action);
        mixString(w.trace, ev.body.target);
        return applyFault(this, ev.body);
      case 'writeback':
        for (const [name, disk] of Object.entries(w.disks)) {
          if (w.nodes[name].host !== 'up') continue;
          for (const f of Object.values(disk)) writebackExpired(f, w.now);
        }
        this.push(writebackEvent(w.now + DIRTY_WRITEBACK_INTERVAL_MS));
        return;
    }
  }

  private fireTimer(ev: TimerEvent): void {
    const n = this.byIdx[ev.destIdx];
    if (n.inc !== ev.destInc) return;
    if (n.proc !== 'running') {
      if (n.proc === 'paused') n.deferred.push(ev);
      return;
    }
    const w = this.world;
    mixInt(w.trace, n.idx);
    mixString(w.trace, ev.type);
    this.acting = n;
    this.actingPeer = null;
    this.model.onTimer(this, ev.dest, ev.body);
  }

  private deliver(env: Envelope): void {
    const w = this.world;
    const to = this.byIdx[env.destIdx];
    mixInt(w.trace, env.srcIdx * 4096 + env.destIdx);
    mixString(w.trace, env.type);
    // The common case: every link open, the receiver running in the incarnation it was sent to.
    if (env.doomed || w.net.blocked > 0 || to.proc !== 'running' || to.inc !== env.destInc || to.host !== 'up' || !to.listening) return this.deliverUnusual(env, to);
    this.acting = to;
    this.actingPeer = this.byIdx[env.srcIdx];
    this.model.onMessage(this, env);
  }

  private deliverUnusual(env: Envelope, to: NodeState): void {
    const w = this.world;
    // A host that is off, or a cut link, swallows the packet: the sender hears nothing and times out.
    if (env.doomed || to.host !== 'up' || !linkOpen(w.net, w.nodes, env.src, env.dest)) return;
    // The host is up but the process is gone or has restarted: the kernel answers with a reset.
    if (to.proc === 'crashed' || to.proc === 'stopped' || to.proc === 'notStarted' || to.inc !== env.destInc) return this.reset(env);
    if (to.proc === 'paused') return void to.deferred.push(eventAt(env, w.now));
    // Running, but its port is not open yet: a new connection is reset too.
    if (!to.listening && this.model.opensConnection?.(env)) return this.reset(env);
    this.model.onMessage(this, env);
  }

  /** The receiver's kernel answers `env` with a reset, which reaches its sender if the way back is open. */
  private reset(env: Envelope): void {
    const w = this.world;
    if (!linkOpen(w.net, w.nodes, env.dest, env.src)) return;
    const back = linkLatency(w.net, env.destIdx * w.net.stride + env.srcIdx, env.dest, env.src, this.scenario.network);
    this.push(refusedEvent(w.now + back, env));
  }

  /** Replays what a paused process missed, in arrival order, at the moment it resumes. */
  replayDeferred(name: string): void {
    const n = this.node(name);
    const held = n.deferred;
    n.deferred = [];
    for (const ev of held) this.push(eventAt(ev, this.world.now, PRIO_NORMAL));
  }

  /** Whether `name`'s process accepts new connections (see NodeState.listening). */
  setListening(name: string, listening: boolean): void {
    this.node(name).listening = listening;
  }

  /** Ends a graceful stop the model took its time over (see SystemModel.onStopping): the process goes now. */
  finishStop(name: string): void {
    finishStop(this, name);
  }

  /** Schedules an undo or follow-up fault from inside the engine. */
  scheduleInternalFault(fault: FaultSpec, at: number): void {
    this.push(faultEvent(at, fault, -1));
  }
}
