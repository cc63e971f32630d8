import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/sim/core/types';
import { createSim } from '../../src/sim/run';
import type { Sim } from '../../src/sim/core/engine';
import type { KafkaBody, KafkaState } from '../../src/sim/kafka/types';
import { scenario, type Spec } from './support';

/** Runs the spec, recording every request of `type` the consumers send (time, sender, body). */
function runRecording(spec: Spec, type: KafkaBody['type']): { sim: Sim<KafkaState>; sent: { at: number; src: string; dest: string; body: KafkaBody }[] } {
  const s = scenario(spec);
  const sim = createSim(s, 'kafka') as Sim<KafkaState>;
  const sent: { at: number; src: string; dest: string; body: KafkaBody }[] = [];
  const send = sim.send.bind(sim);
  sim.send = ((src: string, dest: string, body: KafkaBody, opts?: { kernel?: boolean }) => {
    if (body.type === type) sent.push({ at: sim.now, src, dest, body });
    return send(src, dest, body, opts);
  }) as typeof sim.send;
  sim.runUntil(s.durationMs);
  return { sim, sent };
}

describe('Kafka consumer heartbeats (AbstractCoordinator.HeartbeatThread)', () => {
  it('4.x: a heartbeat unanswered for request.timeout.ms (30 s) marks the coordinator unknown, before session.timeout.ms (45 s) of silence', () => {
    const probe = createSim(scenario({ durationMs: 5_000 }), 'kafka') as Sim<KafkaState>;
    probe.runUntil(5_000);
    const coordinator = probe.state.group.coordinator!;
    expect(coordinator).toMatch(/^broker-/);
    // Cut consumer-1 off from the coordinator's broker only, just after its heartbeat at 9 s was answered.
    const { sent } = runRecording({
      durationMs: 70_000,
      faults: [{ action: 'isolate', target: coordinator, from: ['consumer-1'], atMs: 9_500 }],
    }, 'findCoordinator');
    const later = sent.filter((x) => x.src === 'consumer-1' && x.at > 9_500).map((x) => x.at);
    // The heartbeat sent at 12 s is the first left unanswered: its request times out at 42 s.
    expect(later[0]).toBe(42_000);
  });
});

describe('Kafka consumer auto-commit (ConsumerCoordinator.maybeAutoCommitOffsetsAsync, nextAutoCommitTimer)', () => {
  // consumer-3 joins at 12.3 s: the others rejoin, committing first (onJoinPrepare), and the join completes.
  const spec = (release: string): Spec => ({
    durationMs: 40_000,
    kafka: { release, groupInitialRebalanceDelayMs: 0, ...(release === '4.x' ? {} : { idempotence: false }) },
    workload: { ratePerSec: 50 },
    faults: [{ action: 'start', target: 'consumer-3', atMs: 12_300 }],
  });
  it('4.x (2.8+, KAFKA-9620): the auto-commit timer restarts when the join completes, so the next commit is auto.commit.interval.ms later', () => {
    const joins = runRecording(spec('4.x'), 'joinGroup').sent.filter((j) => j.src === 'consumer-1' && j.at > 12_300);
    expect(joins.length).toBe(1);
    const { sim, sent } = runRecording(spec('4.x'), 'offsetCommit');
    const joined = (sim.world.log.toArray() as LogEntry[]).find((e) => e.kind === 'RebalanceCompleted' && e.at > 12_300)!;
    const auto = sent.filter((c) => c.src === 'consumer-1' && c.at > joined.at && (c.body as { auto: boolean }).auto);
    // The joinResp reaches consumer-1 a link latency after the coordinator completes the join.
    expect(auto[0].at - joined.at).toBeGreaterThanOrEqual(5_000);
    expect(auto[0].at - joined.at).toBeLessThan(5_010);
    // And every 5 s from there.
    expect(auto[1].at - auto[0].at).toBe(5_000);
  });
});
