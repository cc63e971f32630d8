/**
 * The models' view functions, by system. A model that has not shipped its view file yet gets a
 * generic view built from the engine's node table, so its panel still draws its nodes, takes
 * faults by click and animates its messages; only the model-specific detail is missing.
 */
import type { Sim } from '../../sim/core/engine';
import type { SystemName } from '../../sim/scenario/topology';
import type { KafkaView, NodeStatusView, RocketmqView, WireKind } from '../../sim/views';

export interface ViewFns<V> {
  view(sim: Sim<unknown>, tail?: number): V;
  wireKind(body: unknown): WireKind;
  messageIds(body: unknown): number[];
}

export interface ViewRegistry {
  kafka: ViewFns<KafkaView> | null;
  rocketmq: ViewFns<RocketmqView> | null;
}

/** Filled in by `./registry.ts` with the models' real view modules as they land. */
export const VIEWS: ViewRegistry = { kafka: null, rocketmq: null };

/** Every node the engine knows, in the model's order, as the views list them. */
export function nodeStatuses(sim: Sim<unknown>): NodeStatusView[] {
  return sim.specs.map((spec) => {
    const n = sim.world.nodes[spec.name];
    return { name: spec.name, kind: spec.kind, host: n.host, proc: n.proc, isolated: n.isolated !== null, slowMs: n.slowMs };
  });
}

/** A best guess from the message's `type` when the model gives no wireKind. */
export function guessWireKind(body: unknown): WireKind {
  const type = String((body as { type?: unknown } | null)?.type ?? '').toLowerCase();
  if (/ack|response|result|reply|ok$/.test(type)) return 'ack';
  if (/replica|ha|follower|append|sync|transfer/.test(type)) return 'replicate';
  if (/fetch|pull|poll|records/.test(type)) return 'fetch';
  if (/produce|send|message/.test(type)) return 'produce';
  return 'control';
}

export function wireKindOf(system: SystemName, body: unknown): WireKind {
  const fns = VIEWS[system];
  if (fns) {
    try {
      return fns.wireKind(body);
    } catch {
      return guessWireKind(body);
    }
  }
  return guessWireKind(body);
}
