import type { FaultSpec } from '../scenario/schema';
import type { Sim } from './engine';
import { cut, healLinks, recountBlocked } from './network';
import { dropPageCache } from './storage';
import type { DownCause } from './types';

/**
 * The fault verbs. Each changes the node or the network, tells the model, logs itself, and,
 * when it carries `durationMs`, schedules its own undo.
 */
export function applyFault<M>(sim: Sim<M>, f: FaultSpec): void {
  const n = sim.node(f.target);
  const log = (text: string) =>
    sim.emit({ kind: f.action, node: f.target, cat: 'fault', text, data: faultData(f) });
  switch (f.action) {
    case 'crash':
      if (!sim.isAlive(f.target)) return log(`${f.target} is not running; crash ignored`);
      takeDown(sim, f.target, 'crashed', 'crash');
      log(`${f.target}: process crashed (page cache kept by the OS)`);
      break;
    case 'powerLoss':
      if (n.host !== 'up') return log(`${f.target} has no power already`);
      n.host = 'off';
      for (const file of Object.values(sim.world.disks[f.target])) dropPageCache(file);
      takeDown(sim, f.target, 'off', 'powerLoss');
      log(`${f.target}: power lost (everything not flushed to disk is gone)`);
      break;
    case 'destroy':
      if (n.host === 'destroyed') return;
      n.host = 'destroyed';
      sim.world.disks[f.target] = {};
      takeDown(sim, f.target, 'off', 'destroy');
      log(`${f.target}: node and disk destroyed`);
      return; // nothing to undo
    case 'stop':
      if (!sim.isAlive(f.target)) return log(`${f.target} is not running; stop ignored`);
      if (n.proc === 'paused') sim.replayDeferred(f.target);
      n.proc = 'running';
      sim.model.onStopping?.(sim, f.target);
      takeDown(sim, f.target, 'stopped', 'stop');
      log(`${f.target}: graceful shutdown`);
      break;
    case 'restart':
    case 'start':
      if (n.host === 'destroyed') return log(`${f.target} was destroyed and cannot ${f.action}`);
      if (sim.isAlive(f.target)) {
        if (f.action === 'start') return log(`${f.target} is already running`);
        takeDown(sim, f.target, 'crashed', 'crash'); // restarting a live process is a bounce
      }
      n.host = 'up';
      n.proc = 'running';
      n.inc++;
      log(`${f.target}: ${f.action === 'start' ? 'started' : 'restarted'}`);
      sim.model.onNodeUp(sim, f.target, f.action);
      return;
    case 'isolate':
      if (f.from) for (const other of f.from) cut(sim.world.net, f.target, other, f.direction ?? 'both');
      else n.isolated = f.direction ?? 'both';
      log(`${f.target}: isolated from ${f.from ? f.from.join(', ') : 'every node'}`);
      networkChanged(sim, f.target);
      break;
    case 'heal':
      if (f.from) healLinks(sim.world.net, f.target, f.from);
      else {
        n.isolated = null;
        healLinks(sim.world.net, f.target, null);
      }
      log(`${f.target}: network healed${f.from ? ` towards ${f.from.join(', ')}` : ''}`);
      networkChanged(sim, f.target);
      return;
    case 'slow':
      n.slowMs = f.delayMs ?? 0;
      log(n.slowMs > 0 ? `${f.target}: every message to and from it delayed by ${n.slowMs} ms` : `${f.target}: no longer slowed`);
      networkChanged(sim, f.target);
      break;
    case 'pause':
      if (n.proc !== 'running') return log(`${f.target} is not running; pause ignored`);
      n.proc = 'paused';
      log(`${f.target}: process paused (like a long GC pause)`);
      break;
    case 'resume':
      if (n.proc !== 'paused') return;
      n.proc = 'running';
      log(`${f.target}: process resumed`);
      sim.replayDeferred(f.target);
      return;
  }
  if (f.durationMs !== undefined) sim.scheduleInternalFault(undoOf(f), sim.now + f.durationMs);
}

/** Network faults change which links are open; the fast path needs the count kept exact. */
function networkChanged<M>(sim: Sim<M>, target: string): void {
  recountBlocked(sim.world.net, sim.world.nodes);
  sim.model.onNetworkChange?.(sim, target);
}

function takeDown<M>(sim: Sim<M>, name: string, proc: 'crashed' | 'off' | 'stopped', cause: DownCause): void {
  const n = sim.node(name);
  n.proc = proc;
  n.inc++;
  n.deferred = [];
  sim.model.onNodeDown(sim, name, cause);
}

/** The fault that undoes `f` after its duration. */
export function undoOf(f: FaultSpec): FaultSpec {
  const base = { atMs: f.atMs + (f.durationMs ?? 0), system: f.system, target: f.target };
  switch (f.action) {
    case 'crash':
    case 'powerLoss':
      return { ...base, action: 'restart' };
    case 'stop':
      return { ...base, action: 'start' };
    case 'isolate':
      return f.from ? { ...base, action: 'heal', from: f.from } : { ...base, action: 'heal' };
    case 'slow':
      return { ...base, action: 'slow', delayMs: 0 };
    case 'pause':
      return { ...base, action: 'resume' };
    default:
      throw new Error(`${f.action} cannot be undone`);
  }
}

function faultData(f: FaultSpec): Record<string, string | number | boolean | null> {
  const d: Record<string, string | number | boolean | null> = { action: f.action };
  if (f.from) d.from = f.from.join(',');
  if (f.delayMs !== undefined) d.delayMs = f.delayMs;
  if (f.durationMs !== undefined) d.durationMs = f.durationMs;
  return d;
}
