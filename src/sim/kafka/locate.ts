import type { Sim } from '../core/engine';
import type { Whereabouts } from '../core/model';
import { lastLoggedAt } from '../core/log-search';
import { CHUNK } from '../core/cowlist';
import { isUnconsumedAcked, unconsumedAckedFlags } from '../accounting/ledger';
import { recordId, type StoredRecord } from './record';
import type { KafkaState } from './types';

/**
 * Where an acknowledged, never-consumed message is at the end: readable if a live leader has it
 * below its HW; stranded if a copy survives in some replica's file (a dead broker, a follower,
 * above the HW); lost if no file holds it. The index is built once per sim time and event count,
 * for the ids the report asks about (acknowledged, never delivered): a Map entry for every record
 * of the run would hold tens of MB for as long as the world lives. Any other id gets a scan of its own.
 */
interface Index {
  at: number;
  events: number;
  status: Map<number, { readable: boolean; broker: string; partition: string }>;
}

const indexes = new WeakMap<object, Index>();

function buildIndex(sim: Sim<KafkaState>, wanted: (id: number) => boolean): Index {
  const status: Index['status'] = new Map();
  for (const part of sim.state.controller.meta.parts) {
    for (const b of part.replicas) {
      const disk = sim.world.disks[b];
      const f = disk?.[part.name];
      if (!f) continue;
      const r = sim.state.brokers[b]?.replicas[part.name];
      const readableBelow = part.leader === b && sim.isRunning(b) && r && r.role === 'leader' ? r.hw : 0;
      // Every record of every replica: read chunk by chunk.
      const chunks = f.entries.readChunks();
      for (let i = 0; i < f.entries.length; i++) {
        const c = (i / CHUNK) | 0;
        const id = recordId(chunks[c][i - c * CHUNK] as StoredRecord);
        if (!wanted(id)) continue;
        if (i < readableBelow) status.set(id, { readable: true, broker: b, partition: part.name });
        else if (!status.has(id)) status.set(id, { readable: false, broker: b, partition: part.name });
      }
    }
  }
  return { at: sim.now, events: sim.world.events, status };
}

export function locate(sim: Sim<KafkaState>, id: number): Whereabouts {
  let idx: Index | undefined;
  if (!isUnconsumedAcked(sim.world.ledger, id)) {
    idx = buildIndex(sim, (x) => x === id);
  } else {
    idx = indexes.get(sim.world);
    if (!idx || idx.at !== sim.now || idx.events !== sim.world.events) {
      const wanted = unconsumedAckedFlags(sim.world.ledger);
      idx = buildIndex(sim, (x) => x >= 0 && x < wanted.length && wanted[x] === 1);
      indexes.set(sim.world, idx);
    }
  }
  const where = idx.status.get(id);
  if (where?.readable) return { status: 'readable', cause: { code: 'kafka.readable', params: { partition: where.partition, broker: where.broker } } };
  if (where) return { status: 'stranded', cause: { code: 'kafka.stranded', params: { partition: where.partition, broker: where.broker } } };
  const l = sim.world.ledger;
  const note = l.notes.get(id);
  if (note) return { status: 'lost', cause: note, lostAt: l.notedAt.get(id) };
  const cause = inferredLoss(sim);
  return { status: 'lost', cause, lostAt: cause.code === 'kafka.lostPowerLoss' ? lastLoggedAt(sim, null, HOST_LOSSES) : undefined };
}

/** The faults that take a broker's page cache with them. */
const HOST_LOSSES = ['powerLoss', 'destroy'];

/** For a message no truncation explains: the run's configuration and faults say why. */
function inferredLoss(sim: Sim<KafkaState>): { code: string } {
  if (sim.scenario.kafka.acks === '0') return { code: 'kafka.lostAcks0' };
  const powerLoss = sim.scenario.faults.some((f) => f.system === 'kafka' && (f.action === 'powerLoss' || f.action === 'destroy'));
  return { code: powerLoss ? 'kafka.lostPowerLoss' : 'kafka.neverReplicated' };
}
