import type { Sim } from '../core/engine';
import { keyLabel, ledgerSize, type Anomaly } from './ledger';
import { renderCause } from '../causes';

export interface Percentiles {
  p50: number | null;
  p99: number | null;
}

/** What one system did with the workload: the figures of the scoreboard and `npm run sim`. */
export interface Report {
  sent: number;
  acked: number;
  failed: number;
  /** Sent but neither acknowledged nor failed yet (in flight, retried, waiting for buffer memory, or lost in the memory of a producer that went down): sent = acked + failed + awaiting. */
  awaiting: number;
  sendStatus: Record<string, number>;
  delivered: number;
  duplicates: number;
  outOfOrder: number;
  ackedDelivered: number;
  pendingAcked: number;
  strandedAcked: number;
  lostAcked: number;
  latencyMs: Percentiles;
  endToEndMs: Percentiles;
  rebalances: number;
  assignment: Record<string, string[]>;
  events: number;
  traceHash: string;
  /** Each lost, duplicated or reordered message, with its cause as code and English text. */
  anomalies: (Anomaly & { text: string })[];
  anomaliesOmitted: number;
}

/** Nearest-rank percentile of integer samples (integers in, integers out: no float drift). */
export function percentiles(samples: number[]): Percentiles {
  if (samples.length === 0) return { p50: null, p99: null };
  const sorted = Int32Array.from(samples).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p * sorted.length) / 100) - 1)];
  return { p50: rank(50), p99: rank(99) };
}

/**
 * Builds the report at the sim's current time. Every acknowledged message is exactly one of
 * delivered, pending (readable, not yet consumed), stranded (unreadable, but a copy survives
 * somewhere) or lost (no copy anywhere); the model says which for the undelivered ones.
 */
export function buildReport<M>(sim: Sim<M>): Report {
  const l = sim.world.ledger;
  const n = ledgerSize(l);
  let acked = 0, failed = 0, delivered = 0, ackedDelivered = 0, pending = 0, stranded = 0, lost = 0;
  const latency: number[] = [];
  const endToEnd: number[] = [];
  const lostAnomalies: Anomaly[] = [];
  for (let id = 0; id < n; id++) {
    const sentAt = l.sentAt.get(id);
    const ackedAt = l.ackedAt.get(id);
    const firstAt = l.firstDeliveredAt.get(id);
    if (l.failedAt.get(id) >= 0) failed++;
    if (firstAt >= 0) {
      delivered++;
      endToEnd.push(firstAt - sentAt);
    }
    if (ackedAt < 0) continue;
    acked++;
    latency.push(ackedAt - sentAt);
    if (firstAt >= 0) {
      ackedDelivered++;
      continue;
    }
    const where = sim.model.locate(sim, id);
    if (where.status === 'readable') pending++;
    else if (where.status === 'stranded') stranded++;
    else {
      lost++;
      lostAnomalies.push({ kind: 'lost', id, key: keyLabel(l, id), at: where.lostAt ?? sim.now, cause: where.cause });
    }
  }
  const sendStatus: Record<string, number> = {};
  for (const status of l.status.values()) sendStatus[status] = (sendStatus[status] ?? 0) + 1;
  let rebalances = 0;
  sim.world.log.forEachRange(0, sim.world.log.length, (e) => {
    if (e.cat === 'rebalance') rebalances++;
  });
  const anomalies = lostAnomalies
    .concat(l.anomalies)
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map((a) => ({ ...a, text: renderCause(a.cause) }));
  return {
    sent: n, acked, failed, awaiting: n - acked - failed, sendStatus: sortKeys(sendStatus), delivered, duplicates: l.duplicates,
    outOfOrder: l.outOfOrder, ackedDelivered, pendingAcked: pending, strandedAcked: stranded, lostAcked: lost,
    latencyMs: percentiles(latency), endToEndMs: percentiles(endToEnd), rebalances,
    assignment: sim.model.assignment(sim), events: sim.world.events, traceHash: sim.traceHash(),
    anomalies, anomaliesOmitted: l.anomaliesOmitted,
  };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
