import { deliveryTimeoutFloor, idempotenceConflict, type Scenario } from './defaults';
import type { ScenarioInput } from './schema';
import { nodesOf, SYSTEMS } from './topology';
import type { FaultSpec } from './schema';
import { LIMITS } from './limits';
import { hasDeliveryTimeout } from '../kafka/batch-expiry';
import { GROUP_MAX_SESSION_TIMEOUT_MS, GROUP_MIN_SESSION_TIMEOUT_MS, REPLICA_SOCKET_TIMEOUT_MS } from '../kafka/constants';

/**
 * Checks that need more than one field: fault targets exist, options fit their action,
 * replication fits the cluster. Returns one message per problem, each naming its path.
 */
export function checkConsistency(s: Scenario): string[] {
  const problems: string[] = [];
  if (s.kafka.replicationFactor > s.kafka.brokers)
    problems.push(
      `kafka.replicationFactor: at most kafka.brokers (${s.kafka.brokers}), got ${s.kafka.replicationFactor}`,
    );
  if (s.rocketmq.dledger && s.rocketmq.replicasPerGroup < 3)
    problems.push(`rocketmq.replicasPerGroup: DLedger groups need 3 replicas, got ${s.rocketmq.replicasPerGroup}`);
  // BrokerStartup (5.x): "The config enableControllerMode and enableDLegerCommitLog cannot both be true."
  if (s.rocketmq.enableControllerMode && s.rocketmq.dledger)
    problems.push('rocketmq.enableControllerMode: cannot be used together with rocketmq.dledger');
  if (s.rocketmq.enableControllerMode && s.rocketmq.release !== '5.x')
    problems.push(`rocketmq.enableControllerMode: controller mode arrived in RocketMQ 5.x; release "${s.rocketmq.release}" has none`);
  const assignorSince = ASSIGNOR_SINCE[s.kafka.assignor];
  if (assignorSince && !assignorSince.releases.includes(s.kafka.release))
    problems.push(`kafka.assignor: ${s.kafka.assignor} arrived in Kafka ${assignorSince.version}; release "${s.kafka.release}" has none`);
  // GroupCoordinator.handleJoinGroup: a session timeout outside the broker's bounds fails every
  // JoinGroup with INVALID_SESSION_TIMEOUT, so the consumer never joins; a demo that wants faster
  // failure detection has to stay within them (or change the brokers', not modelled here).
  const sessionMs = s.kafka.sessionTimeoutMs;
  if (sessionMs < GROUP_MIN_SESSION_TIMEOUT_MS || sessionMs > GROUP_MAX_SESSION_TIMEOUT_MS)
    problems.push(
      `kafka.sessionTimeoutMs: the group coordinator answers INVALID_SESSION_TIMEOUT outside group.min.session.timeout.ms (${GROUP_MIN_SESSION_TIMEOUT_MS}) ` +
        `and group.max.session.timeout.ms (${GROUP_MAX_SESSION_TIMEOUT_MS}), got ${sessionMs}`,
    );
  // KafkaConfig's requirements: a broker with these settings refuses to start.
  const fetchWait = s.kafka.replicaFetchWaitMaxMs;
  if (fetchWait > s.kafka.replicaLagTimeMaxMs)
    problems.push(
      `kafka.replicaFetchWaitMaxMs: replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms (${s.kafka.replicaLagTimeMaxMs}) to prevent frequent changes in ISR, got ${fetchWait}`,
    );
  if (fetchWait > REPLICA_SOCKET_TIMEOUT_MS)
    problems.push(`kafka.replicaFetchWaitMaxMs: replica.socket.timeout.ms (${REPLICA_SOCKET_TIMEOUT_MS}) should always be at least replica.fetch.wait.max.ms, got ${fetchWait}`);
  // consumer Heartbeat's constructor: IllegalArgumentException.
  if (s.kafka.heartbeatIntervalMs >= sessionMs)
    problems.push(`kafka.heartbeatIntervalMs: Heartbeat must be set lower than the session timeout (${sessionMs}), got ${s.kafka.heartbeatIntervalMs}`);
  if (s.workload.stopProducingAtMs > s.durationMs)
    problems.push(`workload.stopProducingAtMs: at most durationMs (${s.durationMs}), got ${s.workload.stopProducingAtMs}`);
  problems.push(...checkVolume(s));
  const names = Object.fromEntries(
    SYSTEMS.map((sys) => [sys, new Map(nodesOf(s, sys).map((n) => [n.name, n]))]),
  );
  s.faults.forEach((f, i) => problems.push(...checkFault(f, `faults[${i}]`, names[f.system], s.durationMs)));
  s.notes.forEach((n, i) => {
    if (n.node !== undefined && !n.system) problems.push(`notes[${i}].system: needed when a note names a node`);
    if (n.node !== undefined && n.system && !names[n.system].has(n.node))
      problems.push(`notes[${i}].node: no ${n.system} node named "${n.node}"`);
    if (n.ask && n.ask.answer >= n.ask.choices.length)
      problems.push(`notes[${i}].ask.answer: must index one of the ${n.ask.choices.length} choices, got ${n.ask.answer}`);
  });
  return problems;
}

/** LIMITS.messagesMax: what a run keeps grows with its messages (see limits.ts). */
function checkVolume(s: Scenario): string[] {
  const messages = producedMessages(s);
  if (messages <= LIMITS.messagesMax) return [];
  return [
    `workload.ratePerSec: ${s.workload.ratePerSec}/s until ${Math.min(s.workload.stopProducingAtMs, s.durationMs)} ms makes ${messages.toLocaleString('en-US')} messages, ` +
      `more than the ${LIMITS.messagesMax.toLocaleString('en-US')} a run can hold; lower workload.ratePerSec, durationMs or workload.stopProducingAtMs`,
  ];
}

/**
 * How many messages the workload creates: message n is due at floor(n * 1000 / rate) ms
 * (workload.ts) and is made while that is before stopProducingAtMs, so n < stop * rate / 1000.
 */
export function producedMessages(s: Scenario): number {
  const stop = Math.min(s.workload.stopProducingAtMs, s.durationMs);
  return Math.ceil((stop * s.workload.ratePerSec) / 1000);
}

/** Assignors younger than some releases: StickyAssignor 0.11 (KIP-54), CooperativeStickyAssignor 2.4 (KIP-429). */
const ASSIGNOR_SINCE: Partial<Record<Scenario['kafka']['assignor'], { version: string; releases: string[] }>> = {
  sticky: { version: '0.11 (KIP-54)', releases: ['0.11', '2.x', '4.x'] },
  'cooperative-sticky': { version: '2.4 (KIP-429)', releases: ['2.x', '4.x'] },
};

const UNDOABLE = new Set(['crash', 'powerLoss', 'isolate', 'slow', 'pause', 'stop']);

function checkFault(
  f: FaultSpec,
  path: string,
  nodes: Map<string, { faultable: boolean }>,
  durationMs: number,
): string[] {
  const out: string[] = [];
  const node = nodes.get(f.target);
  if (!node) out.push(`${path}.target: no ${f.system} node named "${f.target}"`);
  else if (!node.faultable) out.push(`${path}.target: "${f.target}" is assumed healthy in this model and takes no faults`);
  if (f.atMs > durationMs) out.push(`${path}.atMs: at most durationMs (${durationMs}), got ${f.atMs}`);
  if (f.from !== undefined && f.action !== 'isolate') out.push(`${path}.from: only isolate takes "from"`);
  if (f.direction !== undefined && f.action !== 'isolate') out.push(`${path}.direction: only isolate takes "direction"`);
  if (f.delayMs !== undefined && f.action !== 'slow') out.push(`${path}.delayMs: only slow takes "delayMs"`);
  if (f.action === 'slow' && f.delayMs === undefined) out.push(`${path}.delayMs: slow needs "delayMs"`);
  if (f.durationMs !== undefined && !UNDOABLE.has(f.action))
    out.push(`${path}.durationMs: "${f.action}" cannot be undone after a duration`);
  for (const [j, other] of (f.from ?? []).entries()) {
    if (!nodes.has(other)) out.push(`${path}.from[${j}]: no ${f.system} node named "${other}"`);
    if (other === f.target) out.push(`${path}.from[${j}]: a node cannot be isolated from itself`);
  }
  return out;
}

/** Settings the user asked for explicitly that the real client refuses to start with. */
export function checkExplicitSettings(input: ScenarioInput, s: Scenario): string[] {
  const problems: string[] = [];
  const k = s.kafka;
  // Kafka 4.0 refuses max.in.flight.requests.per.connection > 5 whenever idempotence is on, by
  // default too (ProducerConfig.postProcessAndValidateIdempotenceConfigs; 3.x turned idempotence
  // off instead, warning that 4.0 would make it an error).
  const inFlightRefused = k.release === '4.x' && input.kafka?.idempotence !== false && k.maxInFlight > 5;
  if (inFlightRefused)
    problems.push(
      `kafka.maxInFlight: To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is ${k.maxInFlight}. (Kafka 4.0 refuses it with enable.idempotence at its default, true, as well; set kafka.idempotence to false for more.)`,
    );
  if (input.kafka?.idempotence === true) {
    if (k.release === '0.8')
      problems.push('kafka.idempotence: the idempotent producer arrived in Kafka 0.11 (KIP-98); release "0.8" has none');
    const conflict = idempotenceConflict(k);
    if (conflict && !(inFlightRefused && conflict.includes('max.in.flight'))) problems.push(`kafka.idempotence: ${conflict}`);
  }
  // Older clients only warn that a supplied config "isn't a known config" and ignore it; refusing
  // it here says so instead of letting a setting seem to matter.
  if (input.kafka?.deliveryTimeoutMs !== undefined && !hasDeliveryTimeout(k.release))
    problems.push(
      `kafka.deliveryTimeoutMs: delivery.timeout.ms arrived in Kafka 2.1 (KIP-91); release "${k.release}" has none (a queued batch expires after request.timeout.ms in 0.9-2.0 and never in 0.8)`,
    );
  else if (input.kafka?.deliveryTimeoutMs !== undefined && k.deliveryTimeoutMs < deliveryTimeoutFloor(k))
    problems.push(
      `kafka.deliveryTimeoutMs: delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms (${k.deliveryTimeoutMs} < ${k.lingerMs} + ${k.requestTimeoutMs})`,
    );
  return problems;
}
