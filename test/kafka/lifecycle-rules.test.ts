import { describe, expect, it } from 'vitest';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { Envelope } from '../../src/sim/core/types';
import { onControllerMessage } from '../../src/sim/kafka/controller';
import type { KafkaBody, KafkaState } from '../../src/sim/kafka/types';
import { scenario, type Spec } from './support';

/**
 * The KRaft broker lifecycle, checked against apache/kafka (trunk of Oct 2024, close to 4.0):
 * ClusterControlManager.registerBroker, BrokerHeartbeatManager.calculateNextBrokerState,
 * ReplicationControlManager (handleBrokerInControlledShutdown, validateAlterPartitionData),
 * core BrokerLifecycleManager and BrokerServer.shutdown.
 */
function runTo(spec: Spec, until: number): Sim<KafkaState> {
  const sim = createSim(scenario({ durationMs: until, ...spec }), 'kafka') as Sim<KafkaState>;
  sim.runUntil(until);
  return sim;
}

function times(sim: Sim<KafkaState>, kind: string, node?: string, partition?: string): number[] {
  const out: number[] = [];
  sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
    if (e.kind !== kind || (node !== undefined && e.node !== node)) return;
    if (partition !== undefined && (e.params as Record<string, unknown> | undefined)?.partition !== partition) return;
    out.push(e.at);
  });
  return out;
}

describe('restart of a crashed KRaft broker (ClusterControlManager.registerBroker)', () => {
  // broker-2 leads orders-1 (replica placement (p + i) mod N). Heartbeats every 2 s; it crashes at 5 s.
  const quick: Spec = { kafka: { partitions: 3 }, workload: { ratePerSec: 10, consumers: 0 }, faults: [{ action: 'crash', target: 'broker-2', atMs: 5_000, durationMs: 1_000 }] };

  it('a restart within broker.session.timeout.ms is refused (DUPLICATE_BROKER_REGISTRATION) until the old session expires', () => {
    const sim = runTo(quick, 25_000);
    expect(times(sim, 'DUPLICATE_BROKER_REGISTRATION').length).toBeGreaterThan(0);
    const fenced = times(sim, 'BrokerFenced', 'broker-2');
    expect(fenced.length).toBe(1);
    // The old incarnation's last heartbeat was at or after 4 s: its session ends 9 s later, not at the restart.
    expect(fenced[0]).toBeGreaterThanOrEqual(4_000 + sim.scenario.kafka.brokerSessionTimeoutMs);
    // So orders-1 stays without a reachable leader until then: its new leader is elected at the fence.
    const elected = times(sim, 'LeaderElectionRateAndTimeMs', undefined, 'orders-1');
    expect(elected[0]).toBe(fenced[0]);
  });

  it('the refused broker retries with a doubling backoff (100 ms up to the session timeout) and registers after the fence', () => {
    const sim = runTo(quick, 25_000);
    const refused = times(sim, 'DUPLICATE_BROKER_REGISTRATION');
    expect(refused.length).toBeGreaterThanOrEqual(5);
    const gaps = refused.slice(1).map((t, i) => t - refused[i]);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1] * 1.8);
    const fenced = times(sim, 'BrokerFenced', 'broker-2')[0];
    const unfenced = times(sim, 'BrokerUnfenced', 'broker-2');
    expect(unfenced.length).toBe(1);
    expect(unfenced[0]).toBeGreaterThan(fenced);
    expect(refused.every((t) => t < fenced)).toBe(true);
  });

  it('a broker restarted after its session expired is unfenced within a few round trips, not a heartbeat interval later', () => {
    const sim = runTo({ ...quick, faults: [{ action: 'crash', target: 'broker-2', atMs: 5_000, durationMs: 15_000 }] }, 30_000);
    expect(times(sim, 'DUPLICATE_BROKER_REGISTRATION')).toEqual([]);
    const unfenced = times(sim, 'BrokerUnfenced', 'broker-2');
    expect(unfenced.length).toBe(1);
    expect(unfenced[0]).toBeGreaterThanOrEqual(20_000);
    expect(unfenced[0]).toBeLessThan(20_000 + 100);
    // It catches up and rejoins every ISR.
    for (const p of sim.state.controller.meta.parts) expect(p.isr).toContain('broker-2');
  });
});

/**
 * What reaches broker-2 after a crash and a restart at 6 s: the refusals its peers get (connections
 * reset by its kernel) and the NOT_LEADER_OR_FOLLOWER answers it gives, with their times.
 */
function restartTraffic(release: string): { sim: Sim<KafkaState>; refused: number[]; notLeader: number[] } {
  const s = scenario({
    durationMs: 30_000, kafka: { partitions: 3, release }, workload: { ratePerSec: 50, consumers: 1 },
    faults: [{ action: 'crash', target: 'broker-2', atMs: 5_000, durationMs: 1_000 }],
  });
  const sim = createSim(s, 'kafka') as Sim<KafkaState>;
  const refused: number[] = [];
  const notLeader: number[] = [];
  const model = sim.model;
  (sim as { model: unknown }).model = {
    ...model,
    onRefused: (x: Sim<KafkaState>, env: Envelope) => {
      if (env.dest === 'broker-2') refused.push(x.now);
      model.onRefused(x, env);
    },
    onMessage: (x: Sim<KafkaState>, env: Envelope) => {
      const body = env.body as { parts?: { error?: string | null }[] };
      if (env.src === 'broker-2' && body.parts?.some((p) => p.error === 'NOT_LEADER_OR_FOLLOWER')) notLeader.push(x.now);
      model.onMessage(x, env);
    },
  };
  sim.runUntil(s.durationMs);
  return { sim, refused, notLeader };
}

describe('a restarted broker and its listeners (BrokerServer.startup: enableRequestProcessing once unfenced)', () => {
  it('4.x: connections to it are refused until the controller has unfenced it, not answered NOT_LEADER_OR_FOLLOWER; then it serves', () => {
    const { sim, refused, notLeader } = restartTraffic('4.x');
    const unfenced = times(sim, 'BrokerUnfenced', 'broker-2')[0];
    // The old session runs out first (about 13 s), so there is a long stretch to look at.
    expect(unfenced).toBeGreaterThan(12_000);
    expect(refused.filter((t) => t > 6_100 && t < unfenced).length).toBeGreaterThan(0);
    expect(notLeader.filter((t) => t < unfenced)).toEqual([]);
    // Listening from then on: nothing is refused once the reset of the last attempt is back.
    expect(refused.every((t) => t < unfenced + 50)).toBe(true);
    expect(sim.node('broker-2').listening).toBe(true);
    for (const p of sim.state.controller.meta.parts) expect(p.isr).toContain('broker-2');
  });

  it('2.x (ZooKeeper era): the restarted broker takes connections at once and answers them', () => {
    const { refused } = restartTraffic('2.x');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((t) => t < 6_100)).toBe(true);
  });
});

describe('KRaft controlled shutdown (BrokerHeartbeat wantShutDown)', () => {
  const stop: Spec = { kafka: { partitions: 3 }, workload: { ratePerSec: 50, consumers: 1 }, faults: [{ action: 'stop', target: 'broker-1', atMs: 5_000 }] };

  it('leadership moves away while the broker still runs; it exits only when the controller agrees', () => {
    const sim = runTo(stop, 15_000);
    const cs = times(sim, 'ControlledShutdown', 'broker-1');
    expect(cs.length).toBe(1);
    const elected = times(sim, 'LeaderElectionRateAndTimeMs', undefined, 'orders-0');
    const exited = times(sim, 'stop', 'broker-1');
    expect(exited.length).toBe(1);
    expect(elected[0]).toBeLessThan(exited[0]);
    // First heartbeat 50 ms after the first response; the controller waits until every other
    // active broker has reported the change (lowestActiveOffset): at most about one interval.
    expect(exited[0] - cs[0]).toBeGreaterThanOrEqual(50);
    expect(exited[0] - cs[0]).toBeLessThan(sim.scenario.kafka.brokerHeartbeatIntervalMs + 200);
    // Fenced (SHUTDOWN_NOW) as it goes; out of every ISR, the ISR keeping others.
    expect(times(sim, 'BrokerFenced', 'broker-1')[0]).toBeLessThanOrEqual(exited[0]);
    for (const p of sim.state.controller.meta.parts) expect(p.isr).not.toContain('broker-1');
  });

  it('the producer is told NOT_LEADER_OR_FOLLOWER by the running broker, not cut off by a closed connection', () => {
    const sim = runTo(stop, 15_000);
    expect(times(sim, 'NETWORK_EXCEPTION', 'producer-1')).toEqual([]);
    expect(times(sim, 'NOT_LEADER_OR_FOLLOWER', 'producer-1').length).toBeGreaterThan(0);
  });

  it('a broker that leads nothing is let go at once (SHUTDOWN_NOW)', () => {
    // Two partitions on three brokers: broker-3 leads none.
    const sim = runTo({ ...stop, kafka: { partitions: 2 }, faults: [{ action: 'stop', target: 'broker-3', atMs: 5_000 }] }, 8_000);
    expect(times(sim, 'ControlledShutdown', 'broker-3')).toEqual([]);
    const exited = times(sim, 'stop', 'broker-3');
    expect(exited[0]).toBeLessThan(5_020);
  });
});

describe('AlterPartition validation (ReplicationControlManager.validateAlterPartitionData)', () => {
  function alter(sim: Sim<KafkaState>, from: string, body: Omit<Extract<KafkaBody, { type: 'alterPartition' }>, 'type'>): void {
    const env = { src: from, dest: 'controller', type: 'alterPartition', body: { type: 'alterPartition', ...body } } as unknown as Envelope<KafkaBody>;
    onControllerMessage(sim, env);
  }

  it('every change of a partition record bumps its partition epoch; an ISR shrink by the controller keeps the leader epoch', () => {
    const sim = runTo({ workload: { ratePerSec: 10, consumers: 0 }, faults: [{ action: 'isolate', target: 'broker-3', atMs: 3_000 }] }, 15_000);
    const p0 = sim.state.controller.meta.parts[0]; // replicas broker-1, broker-2, broker-3
    expect(p0.isr).toEqual(['broker-1', 'broker-2']);
    expect(p0.leaderEpoch).toBe(0);
    expect(p0.partitionEpoch).toBeGreaterThan(0);
  });

  it('a proposal from an old partition epoch is refused (INVALID_UPDATE_VERSION); from the current one it is applied', () => {
    const sim = runTo({ workload: { ratePerSec: 10, consumers: 0 }, faults: [{ action: 'isolate', target: 'broker-3', atMs: 3_000 }] }, 15_000);
    const before = sim.state.controller.meta.parts[0];
    alter(sim, 'broker-1', { partition: before.name, leaderEpoch: before.leaderEpoch, partitionEpoch: before.partitionEpoch - 1, isr: ['broker-1'] });
    expect(sim.state.controller.meta.parts[0].isr).toEqual(before.isr);
    alter(sim, 'broker-1', { partition: before.name, leaderEpoch: before.leaderEpoch, partitionEpoch: before.partitionEpoch, isr: ['broker-1'] });
    expect(sim.state.controller.meta.parts[0].isr).toEqual(['broker-1']);
    expect(sim.state.controller.meta.parts[0].partitionEpoch).toBe(before.partitionEpoch + 1);
  });

  it('a proposal naming a fenced broker is refused (INELIGIBLE_REPLICA, KIP-841), as is one from an old leader epoch', () => {
    const sim = runTo({ workload: { ratePerSec: 10, consumers: 0 }, faults: [{ action: 'isolate', target: 'broker-3', atMs: 3_000 }] }, 15_000);
    expect(sim.state.controller.meta.fenced).toContain('broker-3');
    const cur = sim.state.controller.meta.parts[0];
    alter(sim, 'broker-1', { partition: cur.name, leaderEpoch: cur.leaderEpoch, partitionEpoch: cur.partitionEpoch, isr: ['broker-1', 'broker-2', 'broker-3'] });
    expect(sim.state.controller.meta.parts[0].isr).toEqual(cur.isr);
    alter(sim, 'broker-1', { partition: cur.name, leaderEpoch: cur.leaderEpoch - 1, partitionEpoch: cur.partitionEpoch, isr: ['broker-1'] });
    expect(sim.state.controller.meta.parts[0].isr).toEqual(cur.isr);
  });
});
