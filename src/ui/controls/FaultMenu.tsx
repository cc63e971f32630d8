/**
 * The fault menu of the selected node: the verbs that make sense in its current state, an option
 * to isolate it from one chosen node, adding or removing consumers, and the option to apply the
 * counterpart fault to the other system at the same simulated moment. Acting forks the timeline.
 */
import { useEffect, useRef, useState } from 'react';
import type { FaultSpec } from '../../sim/scenario/schema';
import type { SystemName } from '../../sim/scenario/topology';
import type { NodeStatusView } from '../../sim/views';
import { LIMITS } from '../../sim/scenario/limits';
import { useApp, useEngine, useEngineTick, useT } from '../context';
import { nodeStatuses } from '../engine/views';
import { counterpartOf } from '../counterpart';
import type { MessageKey } from '../../i18n';

export const SLOW_MS = 500;
type Verb = Omit<FaultSpec, 'atMs' | 'system' | 'target'>;

/** The verbs offered for a node in a given state, with their catalogue keys. */
export function verbsFor(n: NodeStatusView): { key: MessageKey; fault: Verb }[] {
  const out: { key: MessageKey; fault: Verb }[] = [];
  const alive = n.host === 'up' && (n.proc === 'running' || n.proc === 'paused');
  if (n.host === 'destroyed') return out;
  if (alive) {
    if (n.proc === 'paused') out.push({ key: 'faults.resume', fault: { action: 'resume' } });
    else out.push({ key: 'faults.pause', fault: { action: 'pause' } });
    out.push({ key: 'faults.crash', fault: { action: 'crash' } });
    out.push({ key: 'faults.powerLoss', fault: { action: 'powerLoss' } });
    out.push({ key: 'faults.stop', fault: { action: 'stop' } });
  } else if (n.proc === 'stopped' || n.proc === 'notStarted') out.push({ key: 'faults.start', fault: { action: 'start' } });
  else out.push({ key: 'faults.restart', fault: { action: 'restart' } });
  out.push({ key: 'faults.destroy', fault: { action: 'destroy' } });
  out.push(n.isolated ? { key: 'faults.heal', fault: { action: 'heal' } } : { key: 'faults.isolate', fault: { action: 'isolate' } });
  out.push(n.slowMs > 0 ? { key: 'faults.unslow', fault: { action: 'slow', delayMs: 0 } } : { key: 'faults.slow', fault: { action: 'slow', delayMs: SLOW_MS } });
  return out;
}

export function FaultMenu() {
  const sel = useApp((s) => s.selectedNode);
  return sel ? <FaultMenuOpen /> : null;
}

function FaultMenuOpen() {
  const t = useT();
  const engine = useEngine();
  useEngineTick(200);
  const sel = useApp((s) => s.selectedNode);
  const selectNode = useApp((s) => s.selectNode);
  const counterpart = useApp((s) => s.counterpart);
  const setCounterpart = useApp((s) => s.setCounterpart);
  const consumers = useApp((s) => s.scenario.workload.consumers);
  const [isolateFrom, setIsolateFrom] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button')?.focus();
  }, [sel?.system, sel?.node]);
  if (!sel) return null;
  const side = (system: SystemName) => {
    const r = engine.runners[system];
    return { nodes: r.sim ? nodeStatuses(r.sim) : [], view: r.view() };
  };
  const other: SystemName = sel.system === 'kafka' ? 'rocketmq' : 'kafka';
  const mine = side(sel.system);
  const status = mine.nodes.find((n) => n.name === sel.node);
  const spec = engine.runners[sel.system].sim?.specs.find((s) => s.name === sel.node);
  const twin = counterpartOf(sel.system, sel.node, mine, side(other));
  const close = () => selectNode(null);
  const apply = (fault: Verb, target = sel.node, twinTarget: string | null = twin) => {
    const faults: Omit<FaultSpec, 'atMs'>[] = [{ ...fault, system: sel.system, target } as Omit<FaultSpec, 'atMs'>];
    if (counterpart && twinTarget && !('from' in fault && fault.from))
      faults.push({ ...fault, system: other, target: twinTarget } as Omit<FaultSpec, 'atMs'>);
    engine.act(faults);
  };
  const systemName = t(`system.${other}`);
  const consumerCount = mine.nodes.filter((n) => n.kind === 'consumer').length;
  const nextConsumer = `consumer-${consumerCount + 1}`;
  const canAdd = sel.node.startsWith('consumer-') && consumerCount < consumers + LIMITS.extraClientsMax;
  return (
    <div className="fault-menu" role="dialog" aria-modal="false" aria-labelledby="fault-title" ref={ref} data-fault-menu={sel.node}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } }}>
      <header>
        <h2 id="fault-title">{t('faults.title', { node: sel.node })}</h2>
        <button type="button" className="close" onClick={close} aria-label={t('faults.close')}>×</button>
      </header>
      {!spec?.faultable || !status ? (
        <p>{t('faults.notFaultable', { node: sel.node })}</p>
      ) : (
        <>
          <label className="check">
            <input type="checkbox" checked={counterpart} onChange={(e) => setCounterpart(e.target.checked)} disabled={!twin} />
            {twin ? t('faults.counterpart', { node: twin, system: systemName }) : t('faults.noCounterpart', { system: systemName })}
          </label>
          <div className="verbs">
            {verbsFor(status).map(({ key, fault }) => (
              <button type="button" key={key} data-fault={fault.action} onClick={() => apply(fault)}>
                {t(key, { ms: SLOW_MS })}
              </button>
            ))}
          </div>
          {!status.isolated ? (
            <div className="isolate-from">
              <select value={isolateFrom} onChange={(e) => setIsolateFrom(e.target.value)} aria-label={t('faults.isolateFrom', { node: '…' })}>
                <option value="">—</option>
                {mine.nodes.filter((n) => n.name !== sel.node).map((n) => <option key={n.name} value={n.name}>{n.name}</option>)}
              </select>
              <button type="button" disabled={!isolateFrom} onClick={() => apply({ action: 'isolate', from: [isolateFrom] })}>
                {t('faults.isolateFrom', { node: isolateFrom || '…' })}
              </button>
            </div>
          ) : null}
          {sel.node.startsWith('consumer-') ? (
            <div className="verbs">
              {canAdd ? (
                <button type="button" data-fault="add-consumer" onClick={() => apply({ action: 'start' }, nextConsumer, nextConsumer)}>
                  {t('faults.addConsumer', { node: nextConsumer })}
                </button>
              ) : null}
            </div>
          ) : null}
          <p className="muted small">{t('faults.forkNote')}</p>
        </>
      )}
    </div>
  );
}
