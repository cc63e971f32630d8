import type { SystemModel } from '../core/model';
import type { Sim } from '../core/engine';
import type { DownCause, Envelope, TimerBody } from '../core/types';
import { kafkaNodes, kafkaPartitionName } from '../scenario/topology';
import { CONTROLLER, initController, onControllerMessage, onControllerTimer } from './controller';
import {
  applyMetadata, beginControlledShutdown, checkpointHw, finishShutdown, flushForShutdown, newBroker, onBrokerHeartbeatResp, onHeartbeatTimer, onRegistrationTimer, sendHeartbeat, startBrokerTimers, recoverBroker,
} from './broker';
import { setBroker, setConsumer, setReplica } from './lookup';
import { newReplica } from './log';
import { checkIsr, expireDelayed, handleProduce, onAlterPartitionRefused } from './leader';
import { handleConsumerFetch, handleOffsetsForLeaderEpoch, handleReplicaFetch, onFetchWait } from './fetch-serve';
import { fetcherFailed, handleReplicaFetchResp, onFetcherBackoff, sweepFetchers } from './follower';
import { metadataDone, newProducer, produce, requestMetadata } from './producer';
import { disconnect, drain, handleProduceResp, expireInFlight, requestTimedOut } from './sender';
import { onConnected, onConnectRefused, onConnectTimeout, onSynRetransmit } from './producer-conn';
import { handleGroupRequest, newGroup, onInitialDelay, onMemberExpiry } from './group';
import {
  commitPositions, coordinatorLost, fetchAll, fetchFailed, sweepFetches, newMemberId, newConsumer, onCommitResp, onCoordinatorFound, onFetchResp, onGroupTimer, onHeartbeatResp, onJoined, startConsumer,
  onValidateAgain, onValidated, validationFailed,
} from './consumer';
import { locate } from './locate';
import { HW_CHECKPOINT_INTERVAL_MS } from './constants';
import { expireWaiters } from './buffer';
import { closeProducer, onProducerClosed } from './close';
import { closeConnections, onConnectionClosed } from './connections';
import type { KafkaBody, KafkaState } from './types';

/**
 * The Kafka model: a KRaft controller, brokers with partition replicas (logs in files), producers
 * and one consumer group. This file only wires the engine's callbacks to the parts.
 */
type S = Sim<KafkaState>;

function init(sim: S): KafkaState {
  const topic = sim.scenario.workload.topic;
  const partitions: string[] = [];
  for (let p = 0; p < sim.scenario.kafka.partitions; p++) partitions.push(kafkaPartitionName(topic, p));
  const state: KafkaState = {
    topic, partitions, controller: undefined as never, brokers: {}, producers: {}, consumers: {},
    group: newGroup(), consumerInstances: {}, nextId: 1, counters: {},
  };
  sim.world.model = state;
  state.controller = initController(sim);
  const meta = state.controller.meta;
  // The cluster has been running before t = 0: brokers hold the metadata, clients have bootstrapped.
  for (const spec of sim.specs) {
    if (spec.kind === 'broker') {
      const br = newBroker();
      setBroker(state, spec.name, br);
      br.registered = true;
      for (const part of meta.parts) if (part.replicas.includes(spec.name)) setReplica(br, part.name, newReplica(part.name));
      applyMetadata(sim, spec.name, meta);
      startBrokerTimers(sim, spec.name);
    } else if (spec.kind === 'producer' && spec.startsRunning) state.producers[spec.name] = newProducer(sim, spec.name, meta);
    else if (spec.kind === 'consumer' && spec.startsRunning) {
      setConsumer(state, spec.name, newConsumer(newMemberId(sim, spec.name), meta, Number(spec.name.slice('consumer-'.length))));
      startConsumer(sim, spec.name);
    }
  }
  return state;
}

/** The body of a message of type T (the switches below read the type from the envelope). */
type Body<T extends KafkaBody['type']> = Extract<KafkaBody, { type: T }>;

function onMessage(sim: S, env: Envelope): void {
  const body = env.body as KafkaBody;
  const to = env.dest;
  if (to === CONTROLLER) return onControllerMessage(sim, env as Envelope<KafkaBody>);
  // The six data-path messages first: a switch tests its cases in order.
  switch (env.type as KafkaBody['type']) {
    case 'replicaFetch':
      return handleReplicaFetch(sim, env as Envelope<Body<'replicaFetch'>>);
    case 'replicaFetchResp':
      return handleReplicaFetchResp(sim, to, env.src, body as Body<'replicaFetchResp'>);
    case 'fetch':
      return handleConsumerFetch(sim, env as Envelope<Body<'fetch'>>);
    case 'fetchResp':
      return onFetchResp(sim, to, env.src, body as Body<'fetchResp'>);
    case 'produce':
      return handleProduce(sim, env as Envelope<Body<'produce'>>);
    case 'produceResp':
      return handleProduceResp(sim, to, body as Body<'produceResp'>);
    case 'heartbeatResp':
      return onBrokerHeartbeatResp(sim, to, body as Body<'heartbeatResp'>);
    case 'alterPartitionResp': {
      const resp = body as Body<'alterPartitionResp'>;
      return onAlterPartitionRefused(sim, to, resp.partition, resp.error, resp.isr);
    }
    case 'metadata':
      return applyMetadata(sim, to, (body as Body<'metadata'>).meta);
    case 'closed':
      return onConnectionClosed(sim, to, env.src);
    case 'metadataReq':
      return void sim.send(to, env.src, { type: 'metadataResp', meta: sim.state.brokers[to].meta });
    case 'connect':
      return void sim.send(to, env.src, { type: 'connectResp', attempt: (body as Body<'connect'>).attempt });
    case 'connectResp':
      if (onConnected(sim, to, env.src, (body as Body<'connectResp'>).attempt)) drain(sim, to);
      return;
    case 'metadataResp':
      metadataDone(sim, to, (body as Body<'metadataResp'>).meta);
      if (sim.state.consumers[to]) fetchAll(sim, to);
      return;
    case 'findCoordinator':
    case 'joinGroup':
    case 'groupHeartbeat':
    case 'offsetCommit':
    case 'leaveGroup':
      return handleGroupRequest(sim, env as Envelope<KafkaBody>);
    case 'findCoordinatorResp':
      return onCoordinatorFound(sim, to, (body as Body<'findCoordinatorResp'>).coordinator);
    case 'joinResp':
      return onJoined(sim, to, body as Body<'joinResp'>);
    case 'groupHeartbeatResp':
      return onHeartbeatResp(sim, to, (body as Body<'groupHeartbeatResp'>).error);
    case 'offsetCommitResp':
      if (sim.state.consumers[to]) onCommitResp(sim, to, body as Body<'offsetCommitResp'>);
      return;
    case 'offsetsForLeaderEpoch':
      return handleOffsetsForLeaderEpoch(sim, env as Envelope<Body<'offsetsForLeaderEpoch'>>);
    case 'offsetsForLeaderEpochResp':
      return onValidated(sim, to, body as Body<'offsetsForLeaderEpochResp'>);
    default:
      return;
  }
}

/**
 * The requests a broker serves on connections its clients and followers open to it: a broker not
 * listening yet refuses them (broker.ts recoverBroker). What the controller sends a broker travels
 * on the broker's own connection to it, and answers to the broker's requests on its own too.
 */
const SERVED_REQUESTS: ReadonlySet<string> = new Set<KafkaBody['type']>([
  'produce', 'fetch', 'replicaFetch', 'metadataReq', 'connect', 'findCoordinator', 'joinGroup', 'groupHeartbeat',
  'offsetCommit', 'leaveGroup', 'offsetsForLeaderEpoch',
]);

function opensConnection(env: Envelope): boolean {
  return env.src !== CONTROLLER && SERVED_REQUESTS.has(env.type);
}

function onRefused(sim: S, env: Envelope): void {
  const body = env.body as KafkaBody;
  const from = env.src;
  switch (env.type as KafkaBody['type']) {
    case 'produce':
      return disconnect(sim, from, env.dest, 'NETWORK_EXCEPTION');
    case 'replicaFetch':
      return fetcherFailed(sim, from, env.dest, (body as Body<'replicaFetch'>).fid);
    case 'metadataReq':
      return metadataDone(sim, from, null);
    case 'connect':
      return onConnectRefused(sim, from, env.dest, (body as Body<'connect'>).attempt);
    case 'findCoordinator':
      return onCoordinatorFound(sim, from, null);
    case 'joinGroup':
    case 'groupHeartbeat':
    case 'offsetCommit':
      return coordinatorLost(sim, from);
    case 'fetch':
      return fetchFailed(sim, from, env.dest, (body as Body<'fetch'>).fid);
    case 'offsetsForLeaderEpoch':
      return validationFailed(sim, from, body as Body<'offsetsForLeaderEpoch'>);
    default:
      return;
  }
}

function onTimer(sim: S, node: string, t: TimerBody): void {
  if (node === CONTROLLER) return onControllerTimer(sim, t.broker as string);
  switch (t.type) {
    case 'drain': {
      // The Sender thread sleeps until one wake-up time (Sender.runOnce -> client.poll(pollTimeout)):
      // a wake-up that an earlier one replaced is not a second sleep. Without this, a head batch
      // stuck behind a slow broker for two minutes left a wake-up at its expiry after every
      // drain, and thousands fired in the same millisecond.
      const p = sim.state.producers[node];
      if (t.at !== p.wakeAt) return;
      p.wakeAt = -1;
      return drain(sim, node);
    }
    case 'brokerHeartbeat':
      onHeartbeatTimer(sim, node);
      return sim.setTimer(node, sim.scenario.kafka.brokerHeartbeatIntervalMs, { type: 'brokerHeartbeat' });
    case 'brokerHeartbeatSoon':
      return sendHeartbeat(sim, node);
    case 'brokerRegister':
      return onRegistrationTimer(sim, node, t.at as number);
    case 'shutdownDeadline':
      return finishShutdown(sim, node);
    case 'isrCheck':
      return checkIsr(sim, node);
    case 'hwCheckpoint':
      checkpointHw(sim, node);
      return sim.setTimer(node, HW_CHECKPOINT_INTERVAL_MS, { type: 'hwCheckpoint' });
    case 'fetchWait':
      return onFetchWait(sim, node, t.at as number);
    case 'replicaFetchTimeout':
      return sweepFetchers(sim, node, t.at as number);
    case 'fetcherBackoff':
      return onFetcherBackoff(sim, node, t.leader as string, t.at as number);
    case 'delayedProduceExpire':
      return expireDelayed(sim, node, t.at as number);
    case 'memberExpiry':
      return onMemberExpiry(sim, node, t.member as string);
    case 'initialRebalanceDelay':
      return onInitialDelay(sim, node);
    case 'requestTimeout':
      return requestTimedOut(sim, node, t.at as number);
    case 'inflightExpiry':
      return expireInFlight(sim, node, t.at as number);
    case 'bufferWait':
      return expireWaiters(sim, node, t.at as number);
    case 'producerClosed':
      return onProducerClosed(sim, node);
    case 'reconnect':
      // The backoff is over: the Sender tries again if it still has batches for that broker.
      return drain(sim, node);
    case 'connectTimeout':
      return onConnectTimeout(sim, node, t.broker as string, t.attempt as number);
    case 'synRetransmit':
      return onSynRetransmit(sim, node, t.broker as string, t.attempt as number, t.sent as number);
    case 'metadataTimeout':
      return metadataDone(sim, node, null);
    case 'metadataRetry':
      return requestMetadata(sim, node);
    case 'fetchTimeout':
      return sweepFetches(sim, node, t.at as number);
    case 'fetchAgain':
      return fetchAll(sim, node);
    case 'validateAgain':
      return onValidateAgain(sim, node);
    default:
      return onGroupTimer(sim, node, t.type, t.phase as string | undefined, t.generation as number | undefined, t.at as number | undefined);
  }
}

/**
 * A clean shutdown: a broker flushes every log and moves leadership away first (controlled
 * shutdown); a consumer commits and leaves its group; a producer sends what it has buffered and
 * stops once nothing is in flight (close.ts), which can take until delivery.timeout.ms.
 */
function onStopping(sim: S, node: string): 'now' | 'later' {
  if (sim.state.producers[node]) return closeProducer(sim, node);
  const br = sim.state.brokers[node];
  if (br) {
    // KRaft (4.x): wantShutDown in the heartbeats; the broker goes when the controller agrees (broker.ts).
    if (sim.scenario.kafka.release === '4.x') {
      if (beginControlledShutdown(sim, node)) return 'later';
      flushForShutdown(sim, node);
      return 'now';
    }
    flushForShutdown(sim, node);
    sim.send(node, CONTROLLER, { type: 'controlledShutdown', broker: node });
  }
  // KafkaConsumer.close -> ConsumerCoordinator.close: with auto-commit, commit the positions
  // (maybeAutoCommitOffsetsSync) before LeaveGroup (AbstractCoordinator.close).
  const c = sim.state.consumers[node];
  if (c && c.coordinator) {
    if (sim.scenario.kafka.autoCommit && c.phase === 'stable') commitPositions(sim, node, false);
    sim.send(node, c.coordinator, { type: 'leaveGroup', member: c.memberId });
  }
  return 'now';
}

function onNodeDown(sim: S, node: string, cause: DownCause): void {
  const s = sim.state;
  if (s.brokers[node]) {
    setBroker(s, node, newBroker());
    if (s.group.coordinator === node) s.group.coordinator = null;
    closeConnections(sim, node, cause);
  }
  delete s.producers[node];
  setConsumer(s, node, undefined);
}

function onNodeUp(sim: S, node: string): void {
  const kind = sim.node(node).kind;
  if (kind === 'broker') recoverBroker(sim, node);
  else if (kind === 'producer') {
    sim.state.producers[node] = newProducer(sim, node, sim.state.controller.meta);
    sim.state.producers[node].meta = null;
    requestMetadata(sim, node);
  } else if (kind === 'consumer') {
    setConsumer(sim.state, node, newConsumer(newMemberId(sim, node), null, Number(node.slice('consumer-'.length))));
    requestMetadata(sim, node);
    startConsumer(sim, node);
  }
}

export const kafkaModel: SystemModel<KafkaState> = {
  system: 'kafka',
  nodes: kafkaNodes,
  init,
  onMessage,
  onRefused,
  opensConnection,
  onTimer,
  onStopping,
  onNodeDown,
  onNodeUp,
  produce: (sim, producer, msg) => {
    if (sim.state.producers[producer]) produce(sim, producer, msg);
  },
  locate,
  assignment(sim) {
    const out: Record<string, string[]> = {};
    for (const [name, c] of Object.entries(sim.state.consumers)) if (c.phase === 'stable') out[name] = c.assigned.slice();
    return out;
  },
};
