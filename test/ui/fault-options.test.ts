import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, UNDOABLE, formatMs, withOptions } from '../../src/ui/controls/fault-options';
import { counterpartIsolation, type Side } from '../../src/ui/counterpart';
import { makeT } from '../../src/i18n';
import { restoreScenario } from '../../src/sim/scenario/restore';
import type { KafkaView, NodeStatusView, RocketmqView } from '../../src/sim/views';

describe('withOptions', () => {
  it('adds the chosen slow delay, isolation set, direction and undo duration', () => {
    const o = { slowMs: 2000, undoAfterMs: 5000, direction: 'in' as const, from: ['broker-2'] };
    expect(withOptions({ action: 'slow', delayMs: 500 }, o)).toEqual({ action: 'slow', delayMs: 2000, durationMs: 5000 });
    expect(withOptions({ action: 'isolate' }, o)).toEqual({ action: 'isolate', from: ['broker-2'], direction: 'in', durationMs: 5000 });
    expect(withOptions({ action: 'crash' }, o)).toEqual({ action: 'crash', durationMs: 5000 });
  });

  it('never gives a duration to a fault the engine cannot undo (destroy, restart, heal, removing a slowdown)', () => {
    const o = { ...DEFAULT_OPTIONS, undoAfterMs: 2000 };
    for (const action of ['destroy', 'restart', 'start', 'heal', 'resume'] as const) expect(withOptions({ action }, o)).toEqual({ action });
    expect(withOptions({ action: 'slow', delayMs: 0 }, o)).toEqual({ action: 'slow', delayMs: 0 });
    expect(UNDOABLE.has('destroy')).toBe(false);
  });

  it('isolating from everyone in both directions carries neither from nor direction', () => {
    expect(withOptions({ action: 'isolate' }, DEFAULT_OPTIONS)).toEqual({ action: 'isolate' });
  });

  it('every fault it builds passes the scenario door', () => {
    const o = { slowMs: 10_000, undoAfterMs: 60_000, direction: 'out' as const, from: ['broker-2', 'consumer-1'] };
    const faults = (['crash', 'powerLoss', 'stop', 'pause', 'isolate', 'destroy'] as const)
      .map((action, i) => ({ ...withOptions({ action }, o), atMs: 1000 * (i + 1), system: 'kafka' as const, target: 'broker-1' }));
    faults.push({ ...withOptions({ action: 'slow', delayMs: 500 }, o), atMs: 9000, system: 'kafka', target: 'broker-3' });
    expect(restoreScenario({ version: 1, faults }).faults).toHaveLength(7);
  });

  it('formatMs says the time in the learner\'s language', () => {
    expect(formatMs(2000, makeT('en'))).toBe('2 s');
    expect(formatMs(60_000, makeT('zh-CN'))).toBe('1 分钟');
    expect(formatMs(100, makeT('en'))).toBe('100 ms');
  });
});

describe('counterpartIsolation', () => {
  const st = (name: string): NodeStatusView => ({ name, kind: name.startsWith('broker') ? 'broker' : 'consumer', host: 'up', proc: 'running', isolated: false, slowMs: 0, stopping: false, listening: true });
  const part = (name: string, leader: string, replicas: string[]) =>
    ({ name, leader, leaderEpoch: 0, isr: replicas, offline: false, replicas: replicas.map((broker) => ({ broker, leo: 0, hw: 0, flushed: 0, inIsr: true, records: [] })) });
  const kafka: Side = {
    nodes: ['broker-1', 'broker-2', 'broker-3', 'consumer-1', 'consumer-2'].map(st),
    view: { partitions: [part('orders-0', 'broker-1', ['broker-1', 'broker-2', 'broker-3']), part('orders-1', 'broker-2', ['broker-2', 'broker-3', 'broker-1'])] } as unknown as KafkaView,
  };
  const broker = (brokerId: number, role: string) => ({ name: '', brokerId, role });
  const rocketmq: Side = {
    nodes: ['broker-a-0', 'broker-a-1', 'broker-b-0', 'broker-b-1', 'consumer-1'].map(st),
    view: { groups: [{ name: 'broker-a', brokers: [broker(0, 'master'), broker(1, 'slave')] }, { name: 'broker-b', brokers: [broker(0, 'master'), broker(1, 'slave')] }] } as unknown as RocketmqView,
  };

  it('maps isolating a Kafka leader from its followers to its RocketMQ counterpart master from its slaves', () => {
    expect(counterpartIsolation('kafka', { target: 'broker-1', from: ['broker-2'] }, kafka, rocketmq)).toEqual({ target: 'broker-a-0', from: ['broker-a-1'] });
  });

  it('maps a RocketMQ master cut from its slave to the counterpart leader cut from its followers', () => {
    expect(counterpartIsolation('rocketmq', { target: 'broker-b-0', from: ['broker-b-1'] }, rocketmq, kafka)).toEqual({ target: 'broker-2', from: ['broker-3', 'broker-1'] });
  });

  it('maps everyone to everyone, a consumer to the consumer of the same number, and drops nodes without a counterpart', () => {
    expect(counterpartIsolation('kafka', { target: 'broker-2', from: [] }, kafka, rocketmq)).toEqual({ target: 'broker-b-0', from: [] });
    expect(counterpartIsolation('kafka', { target: 'consumer-1', from: ['broker-1'] }, kafka, rocketmq)).toBeNull();
    expect(counterpartIsolation('rocketmq', { target: 'broker-a-0', from: ['consumer-1', 'broker-b-0'] }, rocketmq, kafka)).toEqual({ target: 'broker-1', from: ['consumer-1'] });
    expect(counterpartIsolation('kafka', { target: 'broker-1', from: ['consumer-2'] }, kafka, rocketmq)).toBeNull();
  });
});
