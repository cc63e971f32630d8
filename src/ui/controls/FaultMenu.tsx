/**
 * The fault menu of the selected node: the verbs that make sense in its current state, with
 * options (slow delay, undo after a duration, isolate from chosen nodes and in one direction),
 * adding consumers, and the option to apply the counterpart fault to the other system at the same
 * simulated moment. Every click goes through Engine.act, so the recorded scenario replays exactly.
 */
import { useEffect, useRef, useState } from 'react';
import type { FaultSpec } from '../../sim/scenario/schema';
import type { SystemName } from '../../sim/scenario/topology';
import { LIMITS } from '../../sim/scenario/limits';
import { useApp, useEngine, useEngineTick, useT } from '../context';
import { cutPeers, nodeStatuses } from '../engine/views';
import { counterpartIsolation, counterpartOf, type Side } from '../counterpart';
import { DEFAULT_OPTIONS, SLOW_DELAYS_MS, UNDO_AFTER_MS, formatMs, verbsFor, withOptions, type FaultOptions, type Verb } from './fault-options';
import { IsolateOptions } from './IsolateOptions';

export { SLOW_MS, verbsFor } from './fault-options';

export function FaultMenu() {
  const sel = useApp((s) => s.selectedNode);
  return sel ? <FaultMenuOpen /> : null;
}

type Fault = Omit<FaultSpec, 'atMs'>;

function FaultMenuOpen() {
  const t = useT();
  const engine = useEngine();
  useEngineTick(200);
  const sel = useApp((s) => s.selectedNode);
  const selectNode = useApp((s) => s.selectNode);
  const counterpart = useApp((s) => s.counterpart);
  const setCounterpart = useApp((s) => s.setCounterpart);
  const consumers = useApp((s) => s.scenario.workload.consumers);
  const [opts, setOpts] = useState<FaultOptions>(DEFAULT_OPTIONS);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button')?.focus();
    setOpts((o) => ({ ...o, from: [] }));
  }, [sel?.system, sel?.node]);
  if (!sel) return null;
  const side = (system: SystemName): Side => {
    const r = engine.runners[system];
    return { nodes: r.sim ? nodeStatuses(r.sim) : [], view: r.view() };
  };
  const other: SystemName = sel.system === 'kafka' ? 'rocketmq' : 'kafka';
  const mine = side(sel.system);
  const theirs = side(other);
  const status = mine.nodes.find((n) => n.name === sel.node);
  const sim = engine.runners[sel.system].sim;
  const spec = sim?.specs.find((s) => s.name === sel.node);
  const twin = counterpartOf(sel.system, sel.node, mine, theirs);
  // Only this system's other nodes: a choice left from another node's menu never leaks in.
  const chosen = { ...opts, from: opts.from.filter((p) => p !== sel.node && mine.nodes.some((n) => n.name === p)) };
  const twinIso = counterpartIsolation(sel.system, { target: sel.node, from: chosen.from }, mine, theirs);
  const cut = sim ? cutPeers(sim, sel.node) : [];
  const close = () => selectNode(null);
  const apply = (verb: Verb, target = sel.node, twinTarget: string | null = twin) => {
    const fault = withOptions(verb, chosen);
    const faults: Fault[] = [{ ...fault, system: sel.system, target } as Fault];
    if (counterpart) {
      if (fault.action === 'isolate') {
        if (twinIso) faults.push({ ...fault, system: other, target: twinIso.target, from: twinIso.from.length ? twinIso.from : undefined } as Fault);
      } else if (twinTarget && !fault.from) faults.push({ ...fault, system: other, target: twinTarget } as Fault);
    }
    engine.act(faults.map(dropUndefined));
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
            <input type="checkbox" checked={counterpart} onChange={(e) => setCounterpart(e.target.checked)} disabled={!twin} data-option="counterpart" />
            {twin ? t('faults.counterpart', { node: twin, system: systemName }) : t('faults.noCounterpart', { system: systemName })}
          </label>
          <div className="fault-options">
            <label>
              <span>{t('faults.undoAfter')}</span>
              <select value={opts.undoAfterMs} data-option="undo-after" aria-describedby="fault-undo-hint"
                onChange={(e) => setOpts({ ...opts, undoAfterMs: Number(e.target.value) })}>
                {UNDO_AFTER_MS.map((ms) => <option key={ms} value={ms}>{ms ? formatMs(ms, t) : t('faults.undoNever')}</option>)}
              </select>
            </label>
            <label>
              <span>{t('faults.slowDelay')}</span>
              <select value={opts.slowMs} data-option="slow-delay" onChange={(e) => setOpts({ ...opts, slowMs: Number(e.target.value) })}>
                {SLOW_DELAYS_MS.map((ms) => <option key={ms} value={ms}>{formatMs(ms, t)}</option>)}
              </select>
            </label>
            <p id="fault-undo-hint" className="muted small">{t('faults.undoHint')}</p>
          </div>
          <div className="verbs">
            {verbsFor(status).map(({ key, fault }) => (
              <button type="button" key={key} data-fault={fault.action} onClick={() => apply(fault)}>
                {t(key, { ms: formatMs(opts.slowMs, t) })}
              </button>
            ))}
            {cut.length ? (
              <button type="button" data-fault="heal-links" onClick={() => apply({ action: 'heal', from: cut }, sel.node, null)}>
                {t('faults.healFrom', { nodes: cut.join(', ') })}
              </button>
            ) : null}
          </div>
          {!status.isolated ? (
            <IsolateOptions node={sel.node} peers={mine.nodes.filter((n) => n.name !== sel.node).map((n) => n.name)} opts={opts} setOpts={setOpts}
              twin={counterpart ? twinIso : null} otherSystem={systemName} onIsolate={() => apply({ action: 'isolate' }, sel.node, null)} />
          ) : null}
          {canAdd ? (
            <div className="verbs">
              <button type="button" data-fault="add-consumer" onClick={() => apply({ action: 'start' }, nextConsumer, nextConsumer)}>
                {t('faults.addConsumer', { node: nextConsumer })}
              </button>
            </div>
          ) : null}
          <p className="muted small">{t('faults.forkNote')}</p>
        </>
      )}
    </div>
  );
}

/** Scenario JSON has no undefined fields; the recorded fault must equal the one a file would hold. */
function dropUndefined(f: Fault): Fault {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Fault;
}
