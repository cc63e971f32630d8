import type { Sim } from '../core/engine';
import { ACKED_AT, FAILED_AT, FIRST_DELIVERED_AT, keyLabel, ledgerSize, SENT_AT, type Anomaly } from './ledger';
import { renderCause } from '../causes';
import { CHUNK } from '../core/cowlist';

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

/**
 * Integer samples counted by value, for exact nearest-rank percentiles (integers in, integers out:
 * no float drift) without sorting: the
 * scoreboard asks for them every few hundred milliseconds, and sorting half a million latencies
 * twice took most of a report. Values below SMALL (latencies are milliseconds) are counted in an
 * array; the rare larger ones are kept and sorted.
 */
export class Histogram {
  private static readonly SMALL = 1 << 16;
  private counts: Uint32Array | null = null;
  private large: number[] = [];
  private n = 0;

  add(v: number): void {
    this.n++;
    if (v >= 0 && v < Histogram.SMALL) (this.counts ??= new Uint32Array(Histogram.SMALL))[v]++;
    else this.large.push(v);
  }

  percentiles(): Percentiles {
    if (this.n === 0) return { p50: null, p99: null };
    const ranks = [50, 99].map((p) => Math.min(this.n, Math.ceil((p * this.n) / 100))); // 1-based
    const large = Int32Array.from(this.large).sort();
    const negatives = large.findIndex((v) => v >= 0);
    const below = negatives < 0 ? large.length : negatives; // values under 0 come first
    const out = ranks.map((rank) => {
      if (rank <= below) return large[rank - 1];
      let seen = below;
      const counts = this.counts;
      if (counts) {
        for (let v = 0; v < Histogram.SMALL; v++) {
          seen += counts[v];
          if (seen >= rank) return v;
        }
      }
      return large[below + (rank - seen) - 1];
    });
    return { p50: out[0], p99: out[1] };
  }
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
  const latency = new Histogram();
  const endToEnd = new Histogram();
  const lostAnomalies: Anomaly[] = [];
  // The ledger's rows are read chunk by chunk (CowTable.readChunks): the scoreboard builds a
  // report every few hundred milliseconds, over every message sent.
  const chunks = l.rows.readChunks();
  for (let id = 0; id < n; id++) {
    const c = (id / CHUNK) | 0;
    const row = chunks[c];
    const at = (id - c * CHUNK) * l.rows.width;
    const sentAt = row[at + SENT_AT];
    const ackedAt = row[at + ACKED_AT];
    const firstAt = row[at + FIRST_DELIVERED_AT];
    if (row[at + FAILED_AT] >= 0) failed++;
    if (firstAt >= 0) {
      delivered++;
      endToEnd.add(firstAt - sentAt);
    }
    if (ackedAt < 0) continue;
    acked++;
    latency.add(ackedAt - sentAt);
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
    latencyMs: latency.percentiles(), endToEndMs: endToEnd.percentiles(), rebalances,
    assignment: sim.model.assignment(sim), events: sim.world.events, traceHash: sim.traceHash(),
    anomalies, anomaliesOmitted: l.anomaliesOmitted,
  };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
