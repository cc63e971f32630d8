/**
 * The built-in scenario library: each a v1 scenario file with a title, the question it answers,
 * tags and narration in English and Chinese. They enter the app, the tests and the docs through
 * restoreScenario like any other scenario.
 */
import acksAllLeaderCrash from './library/acks-all-leader-crash.json';
import acks0LeaderCrash from './library/acks0-leader-crash.json';
import acks1VsAsyncMaster from './library/acks1-vs-async-master.json';
import allNameserversDown from './library/all-nameservers-down.json';
import asyncVsSyncFlush from './library/async-vs-sync-flush.json';
import asyncVsSyncMaster from './library/async-vs-sync-master.json';
import consumerJoins from './library/consumer-joins.json';
import consumerRebalanceDuplicates from './library/consumer-rebalance-duplicates.json';
import correlatedPowerLoss from './library/correlated-power-loss.json';
import dledgerFailover from './library/dledger-failover.json';
import idempotentRetries from './library/idempotent-retries.json';
import jepsen2013 from './library/jepsen-2013.json';
import kip101TruncateToHw from './library/kip-101-truncate-to-hw.json';
import kip279FastLeaderChanges from './library/kip-279-fast-leader-changes.json';
import masterFailureNoFailover from './library/master-failure-no-failover.json';
import controllerModeFailover from './library/controller-mode-failover.json';
import minInsyncReplicas from './library/min-insync-replicas.json';
import moreConsumersThanPartitions from './library/more-consumers-than-partitions.json';
import nameserverDetectionDelay from './library/nameserver-detection-delay.json';
import orderedMessagesKeyRemap from './library/ordered-messages-key-remap.json';
import producerCutOff from './library/producer-cut-off.json';
import retryAndDlq from './library/retry-and-dlq.json';
import uncleanElection from './library/unclean-election.json';

export interface LibraryEntry {
  id: string;
  scenario: unknown;
}

/** Ordered for the gallery: the flagship first, then Kafka, RocketMQ and shared topics. */
export const LIBRARY: LibraryEntry[] = [
  { id: 'acks1-vs-async-master', scenario: acks1VsAsyncMaster },
  { id: 'acks0-leader-crash', scenario: acks0LeaderCrash },
  { id: 'acks-all-leader-crash', scenario: acksAllLeaderCrash },
  { id: 'min-insync-replicas', scenario: minInsyncReplicas },
  { id: 'unclean-election', scenario: uncleanElection },
  { id: 'jepsen-2013', scenario: jepsen2013 },
  { id: 'kip-101-truncate-to-hw', scenario: kip101TruncateToHw },
  { id: 'kip-279-fast-leader-changes', scenario: kip279FastLeaderChanges },
  { id: 'idempotent-retries', scenario: idempotentRetries },
  { id: 'producer-cut-off', scenario: producerCutOff },
  { id: 'correlated-power-loss', scenario: correlatedPowerLoss },
  { id: 'async-vs-sync-flush', scenario: asyncVsSyncFlush },
  { id: 'async-vs-sync-master', scenario: asyncVsSyncMaster },
  { id: 'master-failure-no-failover', scenario: masterFailureNoFailover },
  { id: 'dledger-failover', scenario: dledgerFailover },
  { id: 'controller-mode-failover', scenario: controllerModeFailover },
  { id: 'nameserver-detection-delay', scenario: nameserverDetectionDelay },
  { id: 'all-nameservers-down', scenario: allNameserversDown },
  { id: 'ordered-messages-key-remap', scenario: orderedMessagesKeyRemap },
  { id: 'consumer-rebalance-duplicates', scenario: consumerRebalanceDuplicates },
  { id: 'consumer-joins', scenario: consumerJoins },
  { id: 'more-consumers-than-partitions', scenario: moreConsumersThanPartitions },
  { id: 'retry-and-dlq', scenario: retryAndDlq },
];

export function libraryEntry(id: string): LibraryEntry | undefined {
  return LIBRARY.find((e) => e.id === id);
}
