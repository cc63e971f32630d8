/**
 * The models' view functions, by system. Should a view throw (or a system be registered without
 * one), the panel falls back to a generic view built from the engine's node table, so it still
 * draws its nodes, takes faults by click and animates its messages; only the detail is missing.
 */
import type { Sim } from '../../sim/core/engine';
import type { SystemName } from '../../sim/scenario/topology';
import { nodeStatusView, type KafkaView, type NodeStatusView, type RocketmqView, type WireKind } from '../../sim/views';
import { kafkaMessageIds, kafkaView, kafkaWireKind } from '../../sim/kafka/view';
import { rocketmqMessageIds, rocketmqView, rocketmqWireKind } from '../../sim/rocketmq/view';

export interface ViewFns<V> {
  view(sim: Sim<unknown>, tail?: number): V;
  wireKind(body: unknown): WireKind;
  messageIds(body: unknown): number[];
}

export interface ViewRegistry {
  kafka: ViewFns<KafkaView> | null;
  rocketmq: ViewFns<RocketmqView> | null;
}

export const VIEWS: ViewRegistry = {
  kafka: { view: kafkaView, wireKind: kafkaWireKind, messageIds: kafkaMessageIds },
  rocketmq: { view: rocketmqView, wireKind: rocketmqWireKind, messageIds: rocketmqMessageIds },
};

/** Every node the engine knows, in the model's order, as the views list them. */
export function nodeStatuses(sim: Sim<unknown>): NodeStatusView[] {
  return sim.specs.map((spec) => nodeStatusView(sim.world.nodes[spec.name]));
}

/** The nodes `node` has a cut link with (an isolate fault `from` chosen nodes), in the order cut. */
export function cutPeers(sim: Sim<unknown>, node: string): string[] {
  const out: string[] = [];
  for (const key of Object.keys(sim.world.net.cuts)) {
    const [a, b] = key.split('>');
    const peer = a === node ? b : b === node ? a : null;
    if (peer !== null && !out.includes(peer)) out.push(peer);
  }
  return out;
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
