import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { restoreScenario, restoreScenarioText, SCENARIO_VERSION } from '../../src/sim/scenario/restore';
import { ScenarioError } from '../../src/sim/scenario/errors';
import { minimizeScenario } from '../../src/sim/scenario/minimize';
import { producedMessages } from '../../src/sim/scenario/consistency';
import { runSystem } from '../../src/sim/run';

function problems(input: unknown): string[] {
  try {
    restoreScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  return [];
}

describe('restoreScenario', () => {
  it('fills the real defaults: Kafka 4.x acks=all with idempotence, RocketMQ ASYNC_MASTER + ASYNC_FLUSH', () => {
    const s = restoreScenario({ version: 1 });
    expect(s.kafka.acks).toBe('all');
    expect(s.kafka.idempotence).toBe(true);
    expect(s.kafka.minInsyncReplicas).toBe(1);
    expect(s.kafka.replicaLagTimeMaxMs).toBe(30_000);
    expect(s.kafka.flushIntervalMessages).toBeNull();
    expect(s.rocketmq.brokerRole).toBe('ASYNC_MASTER');
    expect(s.rocketmq.flushDiskType).toBe('ASYNC_FLUSH');
    expect(s.rocketmq.sendMsgTimeoutMs).toBe(3_000);
    expect(s.workload.stopProducingAtMs).toBe(s.durationMs);
  });

  it('release presets change defaults, and an explicit setting wins over the preset', () => {
    const old = restoreScenario({ version: 1, kafka: { release: '2.x' } });
    expect(old.kafka.acks).toBe('1');
    expect(old.kafka.idempotence).toBe(false);
    expect(old.kafka.replicaLagTimeMaxMs).toBe(10_000);
    expect(restoreScenario({ version: 1, kafka: { release: '0.8' } }).kafka.uncleanLeaderElection).toBe(true);
    expect(restoreScenario({ version: 1, kafka: { release: '2.x', acks: 'all' } }).kafka.acks).toBe('all');
  });

  it('DLedger groups default to 3 replicas', () => {
    expect(restoreScenario({ version: 1, rocketmq: { dledger: true } }).rocketmq.replicasPerGroup).toBe(3);
  });

  it('names the path and the problem', () => {
    expect(problems({ version: 1, kafka: { acks: '2' } })).toEqual(['kafka.acks: expected "0", "1" or "all", got "2"']);
    expect(problems({ version: 1, kafka: { brokers: 12 } })).toEqual(['kafka.brokers: at most 9, got 12']);
    expect(problems({ version: 1, workload: { ratePerSec: 1.5 } })).toEqual(['workload.ratePerSec: expected an integer, got 1.5']);
    expect(problems({ version: 1, kafak: {} })).toEqual(['(scenario): unknown field "kafak"']);
    expect(problems({ version: 1, durationMs: 4_000_000 })).toEqual(['durationMs: at most 3600000, got 4000000']);
  });

  it('refuses a workload of more messages than a run can hold, naming the count and what to lower', () => {
    // 5,000/s for an hour passes each field's own maximum but is 18 M messages: no heap holds that.
    expect(problems({ version: 1, durationMs: 3_600_000, workload: { ratePerSec: 5_000 } })).toEqual([
      'workload.ratePerSec: 5000/s until 3600000 ms makes 18,000,000 messages, more than the 4,000,000 a run can hold; lower workload.ratePerSec, durationMs or workload.stopProducingAtMs',
    ]);
    // Stopping production early is enough, and the limit itself is allowed.
    expect(restoreScenario({ version: 1, durationMs: 3_600_000, workload: { ratePerSec: 5_000, stopProducingAtMs: 800_000 } }).workload.ratePerSec).toBe(5_000);
    expect(problems({ version: 1, durationMs: 800_001, workload: { ratePerSec: 5_000 } })).toHaveLength(1);
    // BROADCASTING keeps each consumer's deliveries in 8 bytes each: 16 consumers fit too.
    expect(problems({ version: 1, durationMs: 3_600_000, workload: { ratePerSec: 1_000, consumers: 16 }, rocketmq: { messageModel: 'BROADCASTING' } })).toEqual([]);
  });

  it('counts the messages a workload makes as the run makes them', () => {
    for (const [ratePerSec, durationMs, stopProducingAtMs] of [[1000, 60_000, 60_000], [3, 1_000, 1_000], [3, 2_000, 1_001], [7, 5_000, 4_321], [0, 10_000, 10_000]]) {
      const s = restoreScenario({ version: 1, durationMs, workload: { ratePerSec, stopProducingAtMs } });
      expect(producedMessages(s), JSON.stringify({ ratePerSec, stopProducingAtMs })).toBe(runSystem(s, 'kafka').sent);
    }
  });

  it('rejects unknown fault targets and options that do not fit the action', () => {
    expect(problems({ version: 1, faults: [{ atMs: 1, system: 'kafka', action: 'crash', target: 'broker-7' }] }))
      .toEqual(['faults[0].target: no kafka node named "broker-7"']);
    expect(problems({ version: 1, faults: [{ atMs: 1, system: 'rocketmq', action: 'crash', target: 'broker-1' }] }))
      .toEqual(['faults[0].target: no rocketmq node named "broker-1"']);
    expect(problems({ version: 1, faults: [{ atMs: 1, system: 'kafka', action: 'slow', target: 'broker-1' }] }))
      .toEqual(['faults[0].delayMs: slow needs "delayMs"']);
    expect(problems({ version: 1, faults: [{ atMs: 1, system: 'kafka', action: 'destroy', target: 'broker-1', durationMs: 5 }] }))
      .toEqual(['faults[0].durationMs: "destroy" cannot be undone after a duration']);
    expect(problems({ version: 1, faults: [{ atMs: 1, system: 'kafka', action: 'crash', target: 'controller' }] }))
      .toEqual(['faults[0].target: "controller" is assumed healthy in this model and takes no faults']);
  });

  it('start may name the next clients beyond the workload count', () => {
    const s = restoreScenario({ version: 1, faults: [{ atMs: 1, system: 'kafka', action: 'start', target: 'consumer-3' }] });
    expect(s.faults[0].target).toBe('consumer-3');
    expect(problems({ version: 1, faults: [{ atMs: 1, system: 'kafka', action: 'crash', target: 'consumer-3' }] }))
      .toEqual(['faults[0].target: no kafka node named "consumer-3"']);
  });

  it('a version newer than this code is a typed error, never a guess', () => {
    let err: unknown;
    try {
      restoreScenario({ version: SCENARIO_VERSION + 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).kind).toBe('tooNew');
  });

  it('bad JSON text is a ScenarioError naming the problem', () => {
    expect(() => restoreScenarioText('{"version": 1,')).toThrow(ScenarioError);
    expect(() => restoreScenarioText('[]')).toThrow(/expected a JSON object/);
  });

  it('random JSON never throws anything but a ScenarioError (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          restoreScenario(value);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
        }
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('random near-valid scenarios never throw anything but a ScenarioError (fast-check)', () => {
    const anyValue = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const fault = fc.record({
      atMs: anyValue, system: fc.constantFrom('kafka', 'rocketmq', 'x'), action: fc.constantFrom('crash', 'slow', 'isolate', 'start', 'nope'),
      target: fc.constantFrom('broker-1', 'broker-a-0', 'consumer-9', 'namesrv-1', ''), from: fc.option(fc.array(fc.string())),
      durationMs: anyValue,
    });
    const scenario = fc.record({
      version: fc.constantFrom(1, 1, 1, 2, 0, '1'),
      kafka: fc.dictionary(fc.constantFrom('acks', 'brokers', 'partitions', 'replicationFactor', 'release'), anyValue),
      rocketmq: fc.dictionary(fc.constantFrom('brokerGroups', 'dledger', 'brokerRole', 'replicasPerGroup'), anyValue),
      workload: fc.dictionary(fc.constantFrom('keys', 'ratePerSec', 'consumers'), anyValue),
      faults: fc.array(fault, { maxLength: 4 }),
    }, { requiredKeys: ['version'] });
    fc.assert(
      fc.property(scenario, (value) => {
        try {
          restoreScenario(value);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          expect(e.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});

describe('restoreScenario: the idempotent producer (ProducerConfig.postProcessAndValidateIdempotenceConfigs)', () => {
  it('acks=1 with idempotence left at its default turns idempotence off, as the real client does', () => {
    expect(restoreScenario({ version: 1, kafka: { acks: '1' } }).kafka.idempotence).toBe(false);
    expect(restoreScenario({ version: 1, kafka: { retries: 0 } }).kafka.idempotence).toBe(false);
    expect(restoreScenario({ version: 1, kafka: { release: '2.x', acks: 'all', maxInFlight: 6 } }).kafka.idempotence).toBe(false);
    expect(restoreScenario({ version: 1, kafka: { maxInFlight: 5 } }).kafka.idempotence).toBe(true);
  });

  it('before 3.0 an explicit idempotence=true sets acks=all and retries to MAX_INT where they were not set (KafkaProducer.configureAcks/configureRetries)', () => {
    for (const release of ['2.x', '0.11']) {
      expect(problems({ version: 1, kafka: { release, idempotence: true } })).toEqual([]);
      const k = restoreScenario({ version: 1, kafka: { release, idempotence: true } }).kafka;
      expect([k.idempotence, k.acks, k.retries]).toEqual([true, 'all', 2147483647]);
    }
    expect(restoreScenario({ version: 1, kafka: { release: '2.x' } }).kafka.acks).toBe('1'); // only with idempotence asked for
    expect(problems({ version: 1, kafka: { release: '2.x', idempotence: true, acks: '1' } })[0]).toMatch(/^kafka.idempotence: Must set acks to all/);
  });

  it('Kafka 4.0 refuses more than 5 requests in flight while idempotence is on, by default too; idempotence=false allows them', () => {
    const refused = 'kafka.maxInFlight: To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.';
    expect(problems({ version: 1, kafka: { maxInFlight: 6 } })[0]).toMatch(new RegExp(`^${refused.replace(/[.()]/g, '\\$&')}`));
    expect(problems({ version: 1, kafka: { maxInFlight: 6, acks: '1' } })).toHaveLength(1); // checked before acks turns it off
    expect(problems({ version: 1, kafka: { maxInFlight: 6, idempotence: true } })).toHaveLength(1);
    expect(problems({ version: 1, kafka: { maxInFlight: 6, idempotence: false } })).toEqual([]);
    expect(problems({ version: 1, kafka: { release: '2.x', maxInFlight: 10 } })).toEqual([]);
  });

  it('an explicit idempotence=true that conflicts is refused with the real message', () => {
    expect(problems({ version: 1, kafka: { acks: '1', idempotence: true } })).toEqual([
      'kafka.idempotence: Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
    ]);
    expect(problems({ version: 1, kafka: { release: '0.8', acks: 'all', retries: 3, idempotence: true } })[0]).toMatch(/arrived in Kafka 0.11/);
  });

  it('an assignor younger than the chosen release is refused, naming the version it arrived in', () => {
    expect(problems({ version: 1, kafka: { release: '0.8', assignor: 'sticky' } })).toEqual([
      'kafka.assignor: sticky arrived in Kafka 0.11 (KIP-54); release "0.8" has none',
    ]);
    expect(problems({ version: 1, kafka: { release: '0.11', assignor: 'cooperative-sticky' } })).toEqual([
      'kafka.assignor: cooperative-sticky arrived in Kafka 2.4 (KIP-429); release "0.11" has none',
    ]);
    expect(problems({ version: 1, kafka: { release: '2.x', assignor: 'cooperative-sticky' } })).toEqual([]);
    expect(problems({ version: 1, kafka: { release: '0.8', assignor: 'roundrobin' } })).toEqual([]);
  });

  it('delivery.timeout.ms is at least linger.ms + request.timeout.ms: raised when left at its default, refused when set below (KafkaProducer.configureDeliveryTimeout)', () => {
    const raised = restoreScenario({ version: 1, kafka: { requestTimeoutMs: 200_000 } });
    expect(raised.kafka.deliveryTimeoutMs).toBe(200_005);
    expect(minimizeScenario(raised)).toEqual({ version: 1, kafka: { requestTimeoutMs: 200_000 } });
    expect(restoreScenario(minimizeScenario(raised))).toEqual(raised);
    expect(problems({ version: 1, kafka: { deliveryTimeoutMs: 10_000 } })).toEqual([
      'kafka.deliveryTimeoutMs: delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms (10000 < 5 + 30000)',
    ]);
    const explicit = restoreScenario({ version: 1, kafka: { deliveryTimeoutMs: 40_000, requestTimeoutMs: 20_000 } });
    expect(explicit.kafka.deliveryTimeoutMs).toBe(40_000);
    expect(restoreScenario(minimizeScenario(explicit))).toEqual(explicit);
  });

  it('a consumer session timeout the brokers would refuse, or a heartbeat not below it, is refused as the real client and coordinator do', () => {
    expect(problems({ version: 1, kafka: { sessionTimeoutMs: 3_000, heartbeatIntervalMs: 1_000 } })).toEqual([
      'kafka.sessionTimeoutMs: the group coordinator answers INVALID_SESSION_TIMEOUT outside group.min.session.timeout.ms (6000) and group.max.session.timeout.ms (1800000), got 3000',
    ]);
    expect(problems({ version: 1, kafka: { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 10_000 } })).toEqual([
      'kafka.heartbeatIntervalMs: Heartbeat must be set lower than the session timeout (10000), got 10000',
    ]);
    expect(problems({ version: 1, kafka: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 2_000 } })).toEqual([]);
  });

  it('broker settings a Kafka broker refuses to start with are refused (KafkaConfig requirements)', () => {
    expect(problems({ version: 1, kafka: { replicaLagTimeMaxMs: 300 } })).toEqual([
      'kafka.replicaFetchWaitMaxMs: replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms (300) to prevent frequent changes in ISR, got 500',
    ]);
    expect(problems({ version: 1, kafka: { replicaFetchWaitMaxMs: 40_000, replicaLagTimeMaxMs: 60_000 } })).toEqual([
      'kafka.replicaFetchWaitMaxMs: replica.socket.timeout.ms (30000) should always be at least replica.fetch.wait.max.ms, got 40000',
    ]);
    expect(problems({ version: 1, kafka: { replicaLagTimeMaxMs: 500 } })).toEqual([]);
  });

  it('switching acks to 1 and back to all through minimize + restore turns idempotence back on', () => {
    const acks1 = restoreScenario({ version: 1, kafka: { acks: '1' } });
    const input = minimizeScenario(acks1) as Record<string, any>;
    expect(input.kafka).toEqual({ acks: '1' });
    input.kafka.acks = 'all';
    expect(restoreScenario(input).kafka.idempotence).toBe(true);
  });
});
