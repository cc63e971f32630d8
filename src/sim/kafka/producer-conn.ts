import type { Sim } from '../core/engine';
import {
  LINUX_TCP_CONNECT_TIMEOUT_MS, SYN_RTO_INITIAL_MS, RECONNECT_BACKOFF_MAX_MS, RECONNECT_BACKOFF_MS, RECONNECT_BACKOFF_MS_08,
  SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, SOCKET_CONNECTION_SETUP_TIMEOUT_MS,
} from './constants';
import { requestMetadata } from './producer';
import type { KafkaState, ProducerConn, ProducerState } from './types';

/**
 * The producer's connections to the brokers (NetworkClient, ClusterConnectionStates). A connection
 * the peer's kernel closed or refused, or that a request timed out on, is down: the Sender drains
 * nothing for that broker (NetworkClient.ready is false while it is not connected), so batches for
 * the partitions it leads wait in the accumulator until it is back or the metadata names another
 * leader. That is why acks=0 loses only what was written to the socket before the reset arrived,
 * not everything until the next metadata update. The client reconnects once reconnect.backoff.ms
 * has passed since the last attempt, doubling to reconnect.backoff.max.ms while attempts fail (the
 * 20% jitter is left out); an attempt no one answers (a host that is off or cut off) fails after
 * socket.connection.setup.timeout.ms, doubling to its max (KIP-601, 2.7+; before, the kernel's SYN
 * retries). A broker with no entry, or one that is up, is connected: connections are taken as open
 * from the start (the first handshake is not modelled).
 */

/** True if the Sender may send to `broker` now; otherwise starts a reconnect once its backoff is over. */
export function connectionReady(sim: Sim<KafkaState>, producer: string, s: ProducerState, broker: string): boolean {
  const c = s.conns[broker];
  if (c === undefined || c.up) return true;
  if (!c.connecting && sim.now >= c.retryAt) connect(sim, producer, c, broker);
  return false;
}

function connect(sim: Sim<KafkaState>, producer: string, c: ProducerConn, broker: string): void {
  c.connecting = true;
  c.attempt++;
  sendSyn(sim, producer, broker, c.attempt, 0);
  sim.setTimer(producer, c.setupTimeoutMs, { type: 'connectTimeout', broker, attempt: c.attempt });
}

/**
 * The kernel sends the SYN and, while nothing answers, sends it again after 1 s, then 2 s, 4 s, ...
 * (the initial retransmission timeout, TCP_TIMEOUT_INIT, doubling): a connect to a host that was cut
 * off completes at the first SYN after the link heals, not only at the next attempt.
 */
function sendSyn(sim: Sim<KafkaState>, producer: string, broker: string, attempt: number, sent: number): void {
  sim.send(producer, broker, { type: 'connect', attempt });
  sim.setTimer(producer, SYN_RTO_INITIAL_MS * (1 << Math.min(sent, 20)), { type: 'synRetransmit', broker, attempt, sent: sent + 1 });
}

/** The connection to `broker` if `attempt` is the connect still under way on it (late answers to older ones are ignored). */
function pendingAttempt(sim: Sim<KafkaState>, producer: string, broker: string, attempt: number): ProducerConn | undefined {
  const c = sim.state.producers[producer]?.conns[broker];
  return c !== undefined && c.connecting && c.attempt === attempt ? c : undefined;
}

export function onSynRetransmit(sim: Sim<KafkaState>, producer: string, broker: string, attempt: number, sent: number): void {
  if (pendingAttempt(sim, producer, broker, attempt)) sendSyn(sim, producer, broker, attempt, sent);
}

/** The connection to `broker` dropped (closed, refused, timed out): down until a reconnect succeeds. */
export function connectionLost(sim: Sim<KafkaState>, producer: string, s: ProducerState, broker: string): void {
  const c = s.conns[broker];
  if (c !== undefined && !c.up) {
    if (c.connecting) attemptFailed(sim, producer, c, broker);
    return;
  }
  const release = sim.scenario.kafka.release;
  const backoff = release === '0.8' ? RECONNECT_BACKOFF_MS_08 : RECONNECT_BACKOFF_MS;
  const setup = release === '4.x' ? SOCKET_CONNECTION_SETUP_TIMEOUT_MS : LINUX_TCP_CONNECT_TIMEOUT_MS;
  // Every field on every path (no keys added later): one shape for the conns records.
  s.conns[broker] = { up: false, connecting: false, attempt: c ? c.attempt : 0, backoffMs: backoff, retryAt: sim.now + backoff, setupTimeoutMs: setup };
  sim.setTimer(producer, backoff, { type: 'reconnect', broker });
}

/**
 * A reconnect was refused or got no answer in time: wait longer before the next (not on 0.8). A
 * failed connect is a disconnection to NetworkClient, which asks for new metadata each time
 * (DefaultMetadataUpdater.handleServerDisconnect): that is how the producer learns a new leader.
 */
function attemptFailed(sim: Sim<KafkaState>, producer: string, c: ProducerConn, broker: string): void {
  requestMetadata(sim, producer);
  c.connecting = false;
  if (sim.scenario.kafka.release !== '0.8') c.backoffMs = Math.min(c.backoffMs * 2, RECONNECT_BACKOFF_MAX_MS);
  c.retryAt = sim.now + c.backoffMs;
  sim.setTimer(producer, c.backoffMs, { type: 'reconnect', broker });
}

export function onConnectRefused(sim: Sim<KafkaState>, producer: string, broker: string, attempt: number): void {
  const c = pendingAttempt(sim, producer, broker, attempt);
  if (c) attemptFailed(sim, producer, c, broker);
}

export function onConnectTimeout(sim: Sim<KafkaState>, producer: string, broker: string, attempt: number): void {
  const c = pendingAttempt(sim, producer, broker, attempt);
  if (!c) return;
  if (sim.scenario.kafka.release === '4.x') c.setupTimeoutMs = Math.min(c.setupTimeoutMs * 2, SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS);
  attemptFailed(sim, producer, c, broker);
}

/** The broker accepted the connection: ready again. True if this answered the pending attempt (the caller drains). */
export function onConnected(sim: Sim<KafkaState>, producer: string, broker: string, attempt: number): boolean {
  const c = pendingAttempt(sim, producer, broker, attempt);
  if (!c) return false;
  c.up = true;
  c.connecting = false;
  return true;
}
