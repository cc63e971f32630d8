/**
 * The bench workload, defined once for `npm run bench` and the per-system profile probe: 1,000
 * messages/s with 16 keys and 3 consumers, on 6 brokers and 12 partitions (Kafka) or 3 broker
 * groups of 2 with 4 queues each (RocketMQ).
 */
export function benchScenarioInput(minutes: number, ratePerSec = 1000) {
  return {
    version: 1,
    seed: 1,
    durationMs: minutes * 60_000,
    workload: { ratePerSec, keys: 16, consumers: 3 },
    kafka: { brokers: 6, partitions: 12 },
    rocketmq: { brokerGroups: 3, replicasPerGroup: 2, queuesPerBroker: 4 },
  };
}
