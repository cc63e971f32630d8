/**
 * Bounds on every number a scenario can carry, so that no link or file can hang a browser tab.
 * They are generous for teaching and far below what would exhaust memory.
 */
export const LIMITS = {
  durationMsMax: 3_600_000, // one simulated hour
  ratePerSecMax: 5_000,
  keysMax: 1_000,
  messageBytesMax: 1_048_576,
  producersMax: 8,
  consumersMax: 16,
  /** How far past the workload's count `start` may name a new client (consumer-3 when there are 2). */
  extraClientsMax: 8,
  kafkaBrokersMax: 9,
  kafkaPartitionsMax: 64,
  rocketmqNameServersMax: 5,
  rocketmqBrokerGroupsMax: 6,
  rocketmqReplicasPerGroupMax: 3,
  rocketmqQueuesPerBrokerMax: 16,
  faultsMax: 500,
  notesMax: 200,
  textMax: 2_000,
  timeoutMsMax: 3_600_000,
  delayMsMax: 600_000,
} as const;
