/**
 * Bounds on every number a scenario can carry, so that no link or file can hang a browser tab.
 * They are generous for teaching and far below what would exhaust memory.
 */
export const LIMITS = {
  durationMsMax: 3_600_000, // one simulated hour
  ratePerSecMax: 5_000,
  /**
   * Messages one run produces (ratePerSec over the producing time). Every message lives in each
   * replica's log and in the accounting: in Chromium both runs held 1.25 GB of JavaScript heap at
   * 3,000,000 messages each, and a heap is capped near 4 GB, past which the tab (or Node) dies. The
   * rate and duration maxima alone would allow 18,000,000.
   */
  messagesMax: 4_000_000,
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
