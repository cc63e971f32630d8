import type { FaultSpec } from '../scenario/schema';
import type { NodeKind } from '../scenario/topology';

/** Order in the event queue: time, then prio (faults first), then scheduling sequence. */
export interface Queued {
  at: number;
  prio: number;
  seq: number;
}

/**
 * Every event in the queue has the same fields in the same order, so V8 gives them all one hidden
 * class and the engine reads `k`, `at`, `prio` and `seq` with a single-class load. With one class
 * per kind, those loads saw several classes and went through V8's shared lookup cache, where
 * collisions (which depend on heap addresses) made some whole runs a third slower than others.
 * The fields are the envelope's; other kinds use them as their own comments say. Build events with
 * the constructors in event.ts, never with a literal of their own.
 */
interface EventFields<K extends string, B> extends Queued {
  k: K;
  /**
   * A message's or timer's type (its body's `type`; the kind for other events), read once when the
   * event is made: bodies come in many hidden classes, and reading `type` from them at every
   * delivery went through V8's shared lookup cache twice per message (engine and model).
   */
  type: string;
  id: number;
  src: string;
  dest: string;
  srcIdx: number;
  destIdx: number;
  sentAt: number;
  deliverAt: number;
  body: B;
  srcInc: number;
  destInc: number;
  doomed: boolean;
}

/**
 * One message on the wire: the envelope every system's messages travel in (Maelstrom's shape). It
 * is also its own delivery event in the queue (k 'msg', at = deliverAt): one object per message.
 * srcIdx/destIdx are the nodes' positions in the system's node list (the engine's lookups and the
 * trace); srcInc/destInc the incarnations at send time (a message to or from a process that has
 * since restarted finds its TCP connection reset); doomed is true when the link was already cut at
 * send time (it flies, for the animation, and is dropped on arrival).
 */
export type Envelope<B = unknown> = EventFields<'msg', B>;

/** A model's timer: plain data with a `type` the model dispatches on. */
export interface TimerBody {
  type: string;
  [key: string]: unknown;
}

/** A timer of node `dest` (index destIdx), for its incarnation destInc. */
export type TimerEvent = EventFields<'timer', TimerBody>;
/** The connection reset that answers `body`, an envelope sent to a dead process. */
export type RefusedEvent = EventFields<'refused', Envelope>;
/** A fault; `id` is its index in the scenario's list (-1 for an undo the engine scheduled). */
export type FaultEvent = EventFields<'fault', FaultSpec>;
/** The workload's next message is due. */
export type TickEvent = EventFields<'tick', null>;
/** The OS flusher's periodic writeback of dirty pages. */
export type WritebackEvent = EventFields<'writeback', null>;

/** Everything in the event queue. All plain data, so checkpoints can copy the queue. */
export type QEvent = Envelope | TimerEvent | RefusedEvent | FaultEvent | TickEvent | WritebackEvent;

export type HostState = 'up' | 'off' | 'destroyed';
export type ProcessState = 'running' | 'crashed' | 'paused' | 'stopped' | 'notStarted' | 'off';

export interface NodeState {
  name: string;
  /** The node's position in the system's node list: link ids and the trace hash use it. */
  idx: number;
  kind: NodeKind;
  host: HostState;
  proc: ProcessState;
  /** Bumped whenever the process dies or starts: stale timers and connections are recognised by it. */
  inc: number;
  /** Extra one-way delay on every message to and from this node (the `slow` fault). */
  slowMs: number;
  /** Cut from everyone: 'both', only inbound 'in', only outbound 'out', or not at all. */
  isolated: 'both' | 'in' | 'out' | null;
  /** Deliveries and timers that arrived while the process was paused, replayed on resume. */
  deferred: QEvent[];
  /**
   * A graceful stop is under way that the model finishes later (KafkaProducer.close() sends what it
   * has buffered first): the process still runs, but the application sends nothing more through it.
   */
  stopping: boolean;
  /**
   * The process accepts new connections. False while a started process has not opened its port
   * yet (a KRaft broker opens its listeners only once it is unfenced): the kernel then answers a
   * connection the peer opens with a reset, as it does for a dead process (SystemModel.opensConnection).
   */
  listening: boolean;
}

/** Why a node went down, as the model is told. */
export type DownCause = 'crash' | 'powerLoss' | 'destroy' | 'stop';
export type UpCause = 'restart' | 'start';

/** A notable event for the log, the timeline markers and the checkers. */
export interface LogEntry {
  at: number;
  /** Real names where the system has one: NOT_ENOUGH_REPLICAS, IsrShrinksPerSec, SEND_OK, ... */
  kind: string;
  node: string;
  /** Broad class for filtering and timeline markers. */
  cat: 'fault' | 'election' | 'isr' | 'route' | 'rebalance' | 'loss' | 'error' | 'status' | 'metric' | 'info';
  /** The sentence in English (for the headless report and logs). */
  text: string;
  /** The same sentence as a catalogue code with params, so the UI can show it in any language. */
  code?: string;
  params?: Record<string, string | number>;
  data?: Record<string, string | number | boolean | null>;
}

/** What a model passes to `sim.emit`: a catalogue code and params, or (older style) English text. */
export type LogInput = Omit<LogEntry, 'at' | 'text'> & ({ text: string } | { code: string; text?: string });

/** One step of a message's life, as a model journals it; `code` names a sentence in the cause catalogue. */
export interface JourneyStep {
  at: number;
  node: string;
  code: string;
  ids: readonly number[];
  params?: Record<string, string | number>;
}
