import type { Scenario } from '../scenario/defaults';
import type { NodeSpec, SystemName } from '../scenario/topology';
import type { Cause } from '../accounting/ledger';
import type { Sim } from './engine';
import type { DownCause, Envelope, UpCause, TimerBody } from './types';

/** One application message as the workload hands it to a producer. */
export interface AppMessage {
  id: number;
  /** Key index (k0, k1, ...) or -1 for no key. */
  key: number;
  seq: number;
  bytes: number;
}

/** Where an acknowledged but never-consumed message is at the end of a run. */
export interface Whereabouts {
  status: 'readable' | 'stranded' | 'lost';
  cause: Cause;
  /** For a lost message, when its last copy went, if the model knows (else the report says "as of now"). */
  lostAt?: number;
}

/**
 * What a system model plugs into the engine. The model's state lives in `sim.world.model` as plain
 * data (so checkpoints copy it); these functions hold no state of their own. Persistent data lives
 * in the node's files (`sim.file(node, name)`), volatile data in the model state, which the model
 * clears for a node in `onNodeDown` and rebuilds from the files in `onNodeUp`.
 */
export interface SystemModel<M = unknown> {
  readonly system: SystemName;
  nodes(scenario: Scenario): NodeSpec[];
  /** Builds the initial model state and schedules the first timers. Nodes are already up. */
  init(sim: Sim<M>): M;
  onMessage(sim: Sim<M>, env: Envelope): void;
  /** The destination's process was down or had restarted: the sender's connection was refused or reset. */
  onRefused(sim: Sim<M>, env: Envelope): void;
  /**
   * The message is a request on a connection its sender opens to the receiver (not an answer on one
   * the receiver opened): a receiver that is not listening refuses it (NodeState.listening).
   */
  opensConnection?(env: Envelope): boolean;
  onTimer(sim: Sim<M>, node: string, timer: TimerBody): void;
  /**
   * Before a graceful stop: the process may flush, hand over leadership or unregister. Returning
   * 'later' keeps it running (node.stopping) until the model calls `sim.finishStop(node)`, for a
   * shutdown that takes time: KafkaProducer.close() sends what it has buffered first.
   */
  onStopping?(sim: Sim<M>, node: string): 'now' | 'later' | void;
  /** After the node's process has gone (storage effects of the cause already applied). */
  onNodeDown(sim: Sim<M>, node: string, cause: DownCause): void;
  /** After the node's process has started again (or for the first time). */
  onNodeUp(sim: Sim<M>, node: string, cause: UpCause): void;
  /** After an isolate, heal or slow fault changed the network around `node`. */
  onNetworkChange?(sim: Sim<M>, node: string): void;
  /** The workload asks producer `producer` to send one message. */
  produce(sim: Sim<M>, producer: string, msg: AppMessage): void;
  /** At the end, for an acknowledged message no consumer processed: is it readable, stranded or lost? */
  locate(sim: Sim<M>, id: number): Whereabouts;
  /** The current assignment: consumer -> partitions or message queues. */
  assignment(sim: Sim<M>): Record<string, string[]>;
}
