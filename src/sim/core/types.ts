import type { FaultSpec } from '../scenario/schema';
import type { NodeKind } from '../scenario/topology';

/** Order in the event queue: time, then prio (faults first), then scheduling sequence. */
export interface Queued {
  at: number;
  prio: number;
  seq: number;
}

/**
 * One message on the wire: the envelope every system's messages travel in (Maelstrom's shape). It
 * is also its own delivery event in the queue (k 'msg', at = deliverAt): one object per message.
 */
export interface Envelope<B = unknown> extends Queued {
  k: 'msg';
  id: number;
  src: string;
  dest: string;
  /** The nodes' positions in the system's node list (for the engine's lookups and the trace). */
  srcIdx: number;
  destIdx: number;
  sentAt: number;
  deliverAt: number;
  body: B;
  /** Incarnations at send time: a message to or from a process that has since restarted finds its TCP connection reset. */
  srcInc: number;
  destInc: number;
  /** True when the link was already cut at send time: it flies (for the animation) and is dropped on arrival. */
  doomed: boolean;
}

/** A model's timer: plain data with a `type` the model dispatches on. */
export interface TimerBody {
  type: string;
  [key: string]: unknown;
}

/** Everything in the event queue. All plain data, so checkpoints can copy the queue. */
export type QEvent =
  | Envelope
  | (Queued & { k: 'refused'; env: Envelope })
  | (Queued & { k: 'timer'; node: string; idx: number; inc: number; timer: TimerBody })
  | (Queued & { k: 'fault'; fault: FaultSpec; index: number })
  | (Queued & { k: 'tick' })
  | (Queued & { k: 'writeback' });

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
