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
  // A `core.fault.*` catalogue sentence; every one names the node, some also `from` or `ms`.
  const log = (code: string, params?: Record<string, string | number>) =>
    sim.emit({ kind: f.action, node: f.target, cat: 'fault', code, params: { node: f.target, ...params }, data: faultData(f) });
  switch (f.action) {
    case 'crash':
      if (!sim.isAlive(f.target)) return log('core.fault.crashIgnored');
      takeDown(sim, f.target, 'crashed', 'crash');
      log('core.fault.crashed');
      break;
    case 'powerLoss':
      if (n.host !== 'up') return log('core.fault.powerLossIgnored');
      n.host = 'off';
      for (const file of Object.values(sim.world.disks[f.target])) dropPageCache(file);
      takeDown(sim, f.target, 'off', 'powerLoss');
      log('core.fault.powerLost');
      break;
    case 'destroy':
      if (n.host === 'destroyed') return;
      n.host = 'destroyed';
      sim.world.disks[f.target] = {};
      takeDown(sim, f.target, 'off', 'destroy');
      log('core.fault.destroyed');
      return; // nothing to undo
    case 'stop':
      if (!sim.isAlive(f.target) || n.stopping) return log('core.fault.stopIgnored');
      if (n.proc === 'paused') sim.replayDeferred(f.target);
      n.proc = 'running';
      if (sim.model.onStopping?.(sim, f.target) === 'later') {
        n.stopping = true; // the model says what it is finishing, and calls finishStop when done
        break;
      }
      takeDown(sim, f.target, 'stopped', 'stop');
      log('core.fault.stopped');
      break;
    case 'restart':
    case 'start':
      if (n.host === 'destroyed') return log(f.action === 'start' ? 'core.fault.cannotStart' : 'core.fault.cannotRestart');
      // Starting a process that is still closing cuts its close short (it is killed), then starts it.
      if (f.action === 'start' && n.stopping) finishStop(sim, f.target);
      if (sim.isAlive(f.target)) {
        if (f.action === 'start') return log('core.fault.alreadyRunning');
        takeDown(sim, f.target, 'crashed', 'crash'); // restarting a live process is a bounce
      }
      n.host = 'up';
      n.proc = 'running';
      n.inc++;
      log(f.action === 'start' ? 'core.fault.started' : 'core.fault.restarted');
      sim.model.onNodeUp(sim, f.target, f.action);
      return;
    case 'isolate':
      if (f.from) for (const other of f.from) cut(sim.world.net, f.target, other, f.direction ?? 'both');
      else n.isolated = f.direction ?? 'both';
      if (f.from) log('core.fault.isolatedFrom', { from: f.from.join(', ') });
      else log('core.fault.isolated');
      networkChanged(sim, f.target);
      break;
    case 'heal':
      if (f.from) healLinks(sim.world.net, f.target, f.from);
      else {
        n.isolated = null;
        healLinks(sim.world.net, f.target, null);
      }
      if (f.from) log('core.fault.healedTowards', { from: f.from.join(', ') });
      else log('core.fault.healed');
      networkChanged(sim, f.target);
      return;
    case 'slow':
      n.slowMs = f.delayMs ?? 0;
      if (n.slowMs > 0) log('core.fault.slowed', { ms: n.slowMs });
      else log('core.fault.notSlowed');
      networkChanged(sim, f.target);
      break;
    case 'pause':
      if (n.proc !== 'running') return log('core.fault.pauseIgnored');
      n.proc = 'paused';
      log('core.fault.paused');
      break;
    case 'resume':
      if (n.proc !== 'paused') return;
      n.proc = 'running';
      log('core.fault.resumed');
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

/** The end of a graceful stop that the model finished later (SystemModel.onStopping said 'later'). */
export function finishStop<M>(sim: Sim<M>, name: string): void {
  if (!sim.node(name).stopping) return;
  takeDown(sim, name, 'stopped', 'stop');
  sim.emit({ kind: 'stop', node: name, cat: 'fault', code: 'core.fault.stopped', params: { node: name }, data: { action: 'stop' } });
}

function takeDown<M>(sim: Sim<M>, name: string, proc: 'crashed' | 'off' | 'stopped', cause: DownCause): void {
  const n = sim.node(name);
  n.proc = proc;
  n.inc++;
  n.deferred = [];
  n.stopping = false;
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
