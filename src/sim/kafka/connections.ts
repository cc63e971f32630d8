import type { Sim } from '../core/engine';
import type { DownCause } from '../core/types';
import { kafkaBrokerName } from '../scenario/topology';
import { nameNumber } from '../core/numbered';
import { CONTROLLER } from './controller';
import { coordinatorLost, fetchFailed } from './consumer';
import { fetcherFailed } from './follower';
import { metadataDone, requestMetadata } from './producer';
import { disconnect } from './sender';
import type { KafkaState } from './types';

/**
 * When a broker's process dies on a running host (a crash, or the exit after a clean stop), the
 * kernel closes its sockets and every peer's NetworkClient sees the disconnect at once
 * (handleDisconnections): the requests in flight on that connection fail, and a client asks for
 * new metadata. Without this, a consumer's fetch parked at the dead broker waited for its full
 * request.timeout.ms (30 s) before the consumer looked for the new leader. A powered-off or
 * isolated host closes nothing: its peers time out, as before. The KRaft controller fences a broker
 * by its missed heartbeats (broker.session.timeout.ms), not by a closed connection.
 */
export function closeConnections(sim: Sim<KafkaState>, broker: string, cause: DownCause): void {
  if (cause !== 'crash' && cause !== 'stop') return;
  for (const spec of sim.specs) {
    if (spec.name !== broker && spec.name !== CONTROLLER) sim.send(broker, spec.name, { type: 'closed' }, { kernel: true });
  }
}

/** `node` learns that its connection to `broker` was closed by the peer's kernel. */
export function onConnectionClosed(sim: Sim<KafkaState>, node: string, broker: string): void {
  const st = sim.state;
  const p = st.producers[node];
  if (p) {
    // Connected if a request is in flight there or it leads one of the producer's partitions.
    const inFlight = p.inFlight.some((inf) => inf.broker === broker);
    const leads = p.meta !== null && p.meta.parts.some((part) => part.leader === broker);
    if (inFlight || leads) disconnect(sim, node, broker, 'NETWORK_EXCEPTION');
    if (p.metaInFlight && kafkaBrokerName(p.metaBroker + 1) === broker) metadataDone(sim, node, null);
    return;
  }
  const c = st.consumers[node];
  if (c) {
    const fid = c.fetching[nameNumber(broker)];
    if (fid !== undefined && fid >= 0) fetchFailed(sim, node, broker, fid);
    if (c.coordinator === broker) coordinatorLost(sim, node);
    if (c.metaInFlight && kafkaBrokerName(c.metaBroker + 1) === broker) metadataDone(sim, node, null);
    else if (c.meta !== null && c.meta.parts.some((part) => part.leader === broker && c.assigned.includes(part.name))) requestMetadata(sim, node);
    return;
  }
  const f = st.brokers[node]?.fetchers[broker];
  if (f && f.inFlight) fetcherFailed(sim, node, broker, f.fid);
}
