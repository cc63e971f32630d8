import type { Envelope } from '../core/types';
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { RSim } from './store';
import { onLockResult } from './orderly';
import { nsRegister, nsRemove, onRouteFailed, routeReply } from './namesrv';
import { handleSend, type SendBody } from './send';
import { haPeerClosed, onHaAck, onHaData } from './ha';
import {
  consumerChannelClosedByPeer, handleHeartbeat, handlePull, handleQueryOffset, memberList, onAllConsumerOffset, tryLock,
  removeMember, unlock, type PullBody,
} from './pull';
import { handleSendBack, type SendBackBody } from './retry';
import { onConnected, onProducerChannelClosed, onProducerRoute, onSendRefused, onSendResult } from './producer';
import { consumerChannelClosed, onConsumerRoute, onPullFailed, onPulled, onPullRejected, onSendBackResult } from './consumer';
import { onAddRefused, onBroadcastLockResult, onMaxOffset, onMembers, onOffset, rebalanceImmediately } from './rebalance';
import { onRaftAppend, onRaftAppendRefused, onRaftAppendResult, onRaftVote, onRaftVoteRefused, onRaftVoteResult } from './dledger';
import { isMaster } from './roles';
import { handleControllerRequest, onCtlChannelClosed } from './controller';
import { onControllerReply, onHaEpochs } from './replicas';
import { mqKey } from './state';
import { channelActive } from './channels';

/**
 * Routes every wire message to the role that handles it. Bodies are plain data with a `type`.
 * The data path (one send, sendResult, pull and pulled per message) is tested first: a switch on
 * strings compares the cases in order.
 */
export function handleMessage(sim: RSim, env: Envelope): void {
  const body = env.body as any;
  const node = env.dest;
  switch (env.type) {
    case 'send': return handleSend(sim, env, body as SendBody);
    case 'sendResult': return onSendResult(sim, env, body);
    case 'pull': return handlePull(sim, env, body as PullBody);
    case 'pulled': return onPulled(sim, node, body);
    case 'pullRejected': return onPullRejected(sim, node, body);
    case 'haData': return onHaData(sim, env, body.from, body.entries, body.epochs, body.confirm);
    case 'haAck': return onHaAck(sim, env, body.len, body.reconnect === true, body.hs === true);
    // NameServer
    case 'register': return nsRegister(sim, node, env.src, body.g, body.id);
    case 'getRoute': return routeReply(sim, env, body.seq);
    // clients: routes
    case 'route': {
      const kind = sim.node(node).kind;
      const c = kind === 'producer' ? sim.state.producers[node] : sim.state.consumers[node];
      if (!c || body.seq !== c.routeSeq) return;
      c.routeAwait = false;
      return kind === 'producer' ? onProducerRoute(sim, node, body.route) : onConsumerRoute(sim, node, body.route);
    }
    case 'closed': return onClosed(sim, node, env.src);
    // producer <-> broker (send and sendResult above)
    case 'connected': return onConnected(sim, env, body);
    // replication (haData and haAck above)
    case 'haEpochs': return onHaEpochs(sim, env, body.epochs, body.len);
    // 5.x controller mode
    case 'ctlHeartbeat': case 'ctlRegister': case 'ctlGetReplicaInfo': case 'ctlElect': case 'ctlAlterSss':
      return handleControllerRequest(sim, env, body);
    case 'ctlRegistered': case 'ctlElectResult': case 'ctlRoleChanged': case 'ctlReplicaInfo': case 'ctlAlterResult':
      return onControllerReply(sim, env, body);
    case 'raftVote': return onRaftVote(sim, env, body);
    case 'raftVoteResult': return onRaftVoteResult(sim, env, body);
    case 'raftAppend': return onRaftAppend(sim, env, body);
    case 'raftAppendResult': return onRaftAppendResult(sim, env, body);
    // consumer <-> broker (pull and pulled above)
    case 'heartbeat': return handleHeartbeat(sim, node, env.src);
    // ClientManageProcessor.unregisterClient -> ConsumerManager.unregisterConsumer: the member leaves, the rest are notified.
    case 'unregister':
      fromConsumer(sim, env);
      return removeMember(sim, node, env.src);
    case 'notifyIdsChanged': return rebalanceImmediately(sim, node); // ClientRemotingProcessor.notifyConsumerIdsChanged
    case 'getMembers':
      fromConsumer(sim, env);
      return void sim.send(node, env.src, { type: 'members', seq: body.seq, members: memberList(sim, node) });
    case 'members': return onMembers(sim, node, body.seq, body.members);
    case 'queryOffset':
      fromConsumer(sim, env);
      return handleQueryOffset(sim, env, body);
    case 'offset': return onOffset(sim, node, body);
    case 'getAllConsumerOffset':
      return void sim.send(node, env.src, { type: 'allConsumerOffset', offsets: { ...sim.state.brokers[node].offsets } });
    case 'allConsumerOffset': return onAllConsumerOffset(sim, node, body.offsets);
    case 'updateOffset': {
      fromConsumer(sim, env);
      sim.state.brokers[node].offsets[mqKey(body.t, body.q)] = body.offset;
      return;
    }
    case 'lock': {
      fromConsumer(sim, env);
      const ok = isMaster(sim, node) && tryLock(sim, node, mqKey(body.t, body.q), env.src);
      return void sim.send(node, env.src, { type: 'lockResult', t: body.t, q: body.q, g: sim.state.brokers[node].g, ok });
    }
    case 'lockResult':
      if (sim.scenario.rocketmq.messageModel === 'BROADCASTING') return onBroadcastLockResult(sim, node, body);
      return onLockResult(sim, node, body);
    // MQAdminImpl.maxOffset -> GET_MAX_OFFSET: the ConsumeQueue's max offset (dispatched entries).
    case 'getMaxOffset': {
      fromConsumer(sim, env);
      const b = sim.state.brokers[node];
      return void sim.send(node, env.src, { type: 'maxOffset', t: body.t, q: body.q, g: b.g, offset: b.cq[mqKey(body.t, body.q)]?.length ?? 0 });
    }
    case 'maxOffset': return onMaxOffset(sim, node, body);
    case 'unlock':
      fromConsumer(sim, env);
      return unlock(sim, node, mqKey(body.t, body.q), env.src);
    case 'sendBack':
      fromConsumer(sim, env);
      return handleSendBack(sim, env, body as SendBackBody);
    case 'sendBackResult': return onSendBackResult(sim, node, body);
  }
}

/** A consumer's request read on a broker: traffic on its channel (pull and heartbeat count it in pull.ts). */
function fromConsumer(sim: RSim, env: Envelope): void {
  channelActive(sim, env.dest, sim.state.brokers[env.dest], env.src);
}

/** The kernel closed a peer's connection (the peer's process died with its host up). */
function onClosed(sim: RSim, node: string, peer: string): void {
  const kind = sim.node(node).kind;
  const peerKind = sim.node(peer).kind;
  if (kind === 'namesrv' && peerKind === 'broker') return nsRemove(sim, node, peer, 'closed');
  if (kind === 'controller' && peerKind === 'broker') return onCtlChannelClosed(sim, peer);
  if (kind === 'producer' && sim.state.producers[node]) return onProducerChannelClosed(sim, node, peer);
  if (kind === 'consumer' && sim.state.consumers[node]) return consumerChannelClosed(sim, node, peer);
  if (kind === 'broker' && peerKind === 'consumer') return consumerChannelClosedByPeer(sim, node, peer);
  if (kind === 'broker' && peerKind === 'broker') return haPeerClosed(sim, node, peer);
}

export function handleRefused(sim: RSim, env: Envelope): void {
  const body = env.body as any;
  const node = env.src;
  switch (env.type) {
    case 'send':
      if (sim.state.producers[node]) onSendRefused(sim, node, env.dest, body);
      return;
    case 'getRoute': {
      const c = sim.state.producers[node] ?? sim.state.consumers[node];
      if (c) onRouteFailed(sim, node, c, body.seq);
      return;
    }
    case 'pull':
      if (sim.state.consumers[node]) onPullFailed(sim, node, null, body.t, body.q, body.seq);
      return;
    case 'queryOffset':
    case 'getMaxOffset':
      if (sim.state.consumers[node]) onAddRefused(sim, node, body.seq);
      return;
    case 'lock':
      if (sim.state.consumers[node] && sim.scenario.rocketmq.messageModel === 'BROADCASTING')
        onBroadcastLockResult(sim, node, { t: body.t, g: sim.state.brokers[env.dest]?.g ?? -1, q: body.q, ok: false });
      return;
    case 'sendBack':
      if (sim.state.consumers[node]) onSendBackResult(sim, node, { seq: body.seq, ok: false });
      return;
    case 'raftVote':
      if (sim.state.brokers[node]?.raft) onRaftVoteRefused(sim, node, body.seq);
      return;
    case 'raftAppend':
      if (sim.state.brokers[node]?.raft) onRaftAppendRefused(sim, node, body.beat);
      return;
  }
}
