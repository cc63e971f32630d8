import type { SystemModel, Whereabouts } from '../../src/sim/core/model';
import type { Sim } from '../../src/sim/core/engine';
import { kafkaNodes } from '../../src/sim/scenario/topology';
import { recordAcked, recordDelivered, recordFailed } from '../../src/sim/accounting/ledger';
import { appendEntry, fileLength, fsyncFile } from '../../src/sim/core/storage';

/**
 * A deliberately tiny model for testing the core: producers send each message to broker-1, which
 * appends it to a file and acks; consumer-1 polls broker-1 every 100 ms from its offset. It uses
 * Kafka's node names only to have some; it models nothing of Kafka.
 */
interface EchoState {
  pending: Record<number, number>; // message id -> deadline
  offset: number;
  fsyncEveryAppend: boolean;
}

type Body =
  | { type: 'produce'; id: number; bytes: number }
  | { type: 'ack'; id: number }
  | { type: 'poll'; offset: number }
  | { type: 'records'; ids: number[]; next: number };

export function echoModel(opts: { fsyncEveryAppend?: boolean } = {}): SystemModel<EchoState> {
  return {
    system: 'kafka',
    nodes: kafkaNodes,
    init(sim) {
      for (const spec of sim.specs) if (spec.kind === 'consumer' && spec.startsRunning) sim.setTimer(spec.name, 100, { type: 'poll' });
      return { pending: {}, offset: 0, fsyncEveryAppend: opts.fsyncEveryAppend ?? false };
    },
    produce(sim, producer, msg) {
      sim.state.pending[msg.id] = sim.now + 1000;
      sim.send(producer, 'broker-1', { type: 'produce', id: msg.id, bytes: msg.bytes });
      sim.setTimer(producer, 1000, { type: 'timeout', id: msg.id });
    },
    onMessage(sim: Sim<EchoState>, env) {
      const body = env.body as Body;
      if (body.type === 'produce') {
        const f = sim.file<number>(env.dest, 'log');
        appendEntry(f, body.id, body.bytes, sim.now);
        if (sim.state.fsyncEveryAppend) fsyncFile(f);
        sim.send(env.dest, env.src, { type: 'ack', id: body.id });
      } else if (body.type === 'ack') {
        if (sim.state.pending[body.id] === undefined) return;
        delete sim.state.pending[body.id];
        recordAcked(sim.world.ledger, body.id, sim.now);
      } else if (body.type === 'poll') {
        const f = sim.file<number>(env.dest, 'log');
        const ids = f.entries.toArray(body.offset, fileLength(f));
        sim.send(env.dest, env.src, { type: 'records', ids, next: fileLength(f) });
      } else if (body.type === 'records') {
        for (const id of body.ids) recordDelivered(sim.world.ledger, id, env.dest, sim.now);
        sim.state.offset = body.next;
      }
    },
    onRefused(sim, env) {
      const body = env.body as Body;
      if (body.type === 'produce' && sim.state.pending[body.id] !== undefined) {
        delete sim.state.pending[body.id];
        recordFailed(sim.world.ledger, body.id, sim.now, 'CONNECTION_REFUSED');
      }
    },
    onTimer(sim, node, timer) {
      if (timer.type === 'poll') {
        sim.send(node, 'broker-1', { type: 'poll', offset: sim.state.offset });
        sim.setTimer(node, 100, { type: 'poll' });
      } else if (timer.type === 'timeout') {
        const id = timer.id as number;
        if (sim.state.pending[id] === undefined) return;
        delete sim.state.pending[id];
        recordFailed(sim.world.ledger, id, sim.now, 'REQUEST_TIMED_OUT');
      }
    },
    onNodeDown() {},
    onNodeUp(sim, node) {
      if (node.startsWith('consumer')) sim.setTimer(node, 100, { type: 'poll' });
    },
    produce_: undefined,
    locate(sim, id): Whereabouts {
      const f = sim.file<number>('broker-1', 'log');
      for (let i = 0; i < fileLength(f); i++) if (f.entries.get(i) === id) return { status: sim.isRunning('broker-1') ? 'readable' : 'stranded', cause: { code: 'test.there' } };
      return { status: 'lost', cause: { code: 'test.gone' } };
    },
    assignment: () => ({ 'consumer-1': ['orders-0'] }),
  } as SystemModel<EchoState>;
}
