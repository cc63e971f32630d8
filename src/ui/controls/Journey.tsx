/**
 * A message's journey in both systems: the ledger's facts (sent, acknowledged or failed with its
 * status, consumed, how often), where an acknowledged but unconsumed message is now (the model's
 * `locate`), the causes of its anomalies, and on request every journaled step, found by replaying
 * a fresh run with a tap up to the current time.
 */
import { useState } from 'react';
import type { SystemName } from '../../sim/scenario/topology';
import type { JourneyStep } from '../../sim/core/types';
import type { Sim } from '../../sim/core/engine';
import { renderCause, type Lang } from '../../sim/causes';
import type { Timeline } from '../../sim/timeline';
import { createSim } from '../../sim/run';
import { useApp, useEngine, useEngineTick, useT } from '../context';
import { formatTime } from '../format';
import type { T } from '../../i18n';
import { ackedAtOf, deliveriesOf, failedAtOf, firstDeliveredAtOf, keyOf, producerOf, sentAtOf, seqOf, ledgerSize } from '../../sim/accounting/ledger';

export interface MessageFacts {
  id: number;
  producer: number;
  key: number;
  seq: number;
  sentAt: number;
  ackedAt: number;
  failedAt: number;
  status: string | null;
  firstDeliveredAt: number;
  deliveries: number;
}

export function messageFacts(sim: Sim<unknown>, id: number): MessageFacts | null {
  const l = sim.world.ledger;
  if (!Number.isInteger(id) || id < 0 || id >= ledgerSize(l)) return null;
  return {
    id, producer: producerOf(l, id), key: keyOf(l, id), seq: seqOf(l, id), sentAt: sentAtOf(l, id),
    ackedAt: ackedAtOf(l, id), failedAt: failedAtOf(l, id), status: l.status.get(id) ?? null,
    firstDeliveredAt: firstDeliveredAtOf(l, id), deliveries: deliveriesOf(l, id),
  };
}

/**
 * Every journaled step of message `id` up to `until`, by replaying with a tap: from the timeline's
 * last checkpoint before the message was sent when there is one (nothing happened to it earlier),
 * else from t = 0.
 */
export function replayJourney(sim: Sim<unknown>, id: number, until: number, timeline?: Timeline<unknown> | null): JourneyStep[] {
  const sentAt = sentAtOf(sim.world.ledger, id);
  const fresh = timeline ? timeline.forkAt(sentAt) : createSim(sim.scenario, sim.system);
  const steps: JourneyStep[] = [];
  fresh.tap = (step) => {
    if (step.ids.includes(id)) steps.push(step);
  };
  fresh.runUntil(until);
  return steps;
}

export function Journey() {
  const t = useT();
  const id = useApp((s) => s.selectedMessage);
  const select = useApp((s) => s.selectMessage);
  const [text, setText] = useState('');
  return (
    <section className="journey" aria-labelledby="journey-title">
      <h2 id="journey-title">{t('journey.title')}</h2>
      <form className="pick" onSubmit={(e) => { e.preventDefault(); const n = Number(text); if (Number.isInteger(n) && n >= 0) select(n); }}>
        <label>
          {t('journey.pick')}
          <input type="number" min={0} step={1} value={text} onChange={(e) => setText(e.target.value)} data-control="message-id" />
        </label>
      </form>
      {id === null ? <p className="muted">{t('journey.hint')}</p> : <GroupPicker id={id} t={t} />}
      {id === null ? null : (
        <div className="journey-columns">
          <JourneyColumn system="kafka" id={id} t={t} />
          <JourneyColumn system="rocketmq" id={id} t={t} />
        </div>
      )}
    </section>
  );
}

/** At most this many of a dot's messages are offered as buttons (a busy aggregated dot carries thousands). */
const GROUP_SHOWN = 40;

/**
 * The other messages the clicked dot carried (a fetch response or an aggregated dot carries many),
 * so the learner can pick the one that went wrong: those with an anomaly or a failed send in the
 * dot's system are marked.
 */
function GroupPicker({ id, t }: { id: number; t: T }) {
  const engine = useEngine();
  const group = useApp((s) => s.selectedGroup);
  const select = useApp((s) => s.selectMessage);
  useEngineTick(500);
  if (!group || !group.ids.includes(id)) return null;
  const sim = engine.runners[group.system].sim;
  const flagged = new Set<number>();
  if (sim) {
    const l = sim.world.ledger;
    for (const a of l.anomalies) flagged.add(a.id);
    for (const m of group.ids.slice(0, GROUP_SHOWN)) if (m < ledgerSize(l) && failedAtOf(l, m) >= 0) flagged.add(m);
  }
  const shown = group.ids.slice(0, GROUP_SHOWN);
  const label = t('journey.group', { count: group.ids.length, system: t(`system.${group.system}`) });
  return (
    <div className="journey-group" role="group" aria-label={label} data-journey-group={group.system}>
      <span>{label}</span>
      {shown.map((m) => (
        <button key={m} type="button" aria-pressed={m === id} className={flagged.has(m) ? 'bad' : undefined}
          title={flagged.has(m) ? t('journey.groupFlagged') : undefined} onClick={() => select(m)}>#{m}</button>
      ))}
      {group.ids.length > shown.length ? <span className="muted">{t('journey.groupMore', { count: group.ids.length - shown.length })}</span> : null}
    </div>
  );
}

function JourneyColumn({ system, id, t }: { system: SystemName; id: number; t: T }) {
  const engine = useEngine();
  const lang = useApp((s) => s.lang);
  useEngineTick(300);
  const [steps, setSteps] = useState<{ key: string; list: JourneyStep[] } | null>(null);
  const sim = engine.runners[system].sim;
  const title = t(`system.${system}`);
  if (!sim) return <div className="journey-col"><h3>{title}</h3><p className="muted">{t('score.unavailable')}</p></div>;
  const f = messageFacts(sim, id);
  if (!f) return <div className="journey-col"><h3>{title}</h3><p>{t('journey.none', { id })}</p></div>;
  const stepsKey = `${sim.scenario.faults.length}:${sim.now}:${id}`;
  return (
    <div className="journey-col" data-journey={system}>
      <h3>{title}</h3>
      <p className="journey-head">{t('journey.header', { id, producer: f.producer, key: f.key < 0 ? t('journey.noKey') : `k${f.key}`, seq: f.seq })}</p>
      <ul className="facts">
        <li>{t('journey.sent', { time: formatTime(f.sentAt) })}</li>
        {f.ackedAt >= 0 ? <li>{t('journey.acked', { time: formatTime(f.ackedAt), latency: f.ackedAt - f.sentAt })}</li> : null}
        {f.failedAt >= 0 ? <li className="bad">{t('journey.failed', { time: formatTime(f.failedAt), status: f.status ?? '?' })}</li> : null}
        {f.failedAt < 0 && f.status ? <li>{t('journey.status', { status: f.status })}</li> : null}
        <li>{f.firstDeliveredAt >= 0 ? t('journey.delivered', { time: formatTime(f.firstDeliveredAt), n: f.deliveries }) : t('journey.notDelivered')}</li>
        <Whereabouts sim={sim} f={f} t={t} lang={lang} />
        {sim.world.ledger.anomalies.filter((a) => a.id === id).map((a, i) => (
          <li key={i} className="bad">{t(`score.anomaly.${a.kind}`)}: {renderCause(a.cause, lang)}</li>
        ))}
      </ul>
      <button type="button" onClick={() => setSteps({ key: stepsKey, list: replayJourney(sim, id, sim.now, engine.runners[system].timeline) })}>{t('journey.replay')}</button>
      {steps && steps.key === stepsKey ? (
        steps.list.length === 0 ? <p className="muted">{t('journey.noSteps')}</p> : (
          <ol className="steps">
            {steps.list.map((s, i) => (
              <li key={i}><time>{formatTime(s.at)}</time> <span className="node">{s.node}</span> {renderCause({ code: s.code, params: s.params }, lang)}</li>
            ))}
          </ol>
        )
      ) : null}
    </div>
  );
}

function Whereabouts({ sim, f, t, lang }: { sim: Sim<unknown>; f: MessageFacts; t: T; lang: Lang }) {
  if (f.ackedAt < 0 || f.firstDeliveredAt >= 0) {
    const note = sim.world.ledger.notes.get(f.id);
    return note ? <li>{t('journey.cause', { text: renderCause(note, lang) })}</li> : null;
  }
  let where;
  try {
    where = sim.model.locate(sim, f.id);
  } catch {
    return null;
  }
  return (
    <li className={where.status === 'readable' ? '' : 'bad'}>
      {t(`journey.where.${where.status}`)} {t('journey.cause', { text: renderCause(where.cause, lang) })}
    </li>
  );
}
