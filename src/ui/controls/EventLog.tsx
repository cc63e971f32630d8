/**
 * The event log: what each run emitted (faults, elections, ISR changes, route changes, real error
 * and status names), newest first, filterable by system, node and kind. Metrics (RocketMQ's
 * BrokerStatus once a second, for instance) are left out unless asked for.
 */
import { useApp, useEngine, useEngineTick, useT } from '../context';
import type { LogEntry } from '../../sim/core/types';
import { renderCause, type Lang } from '../../sim/causes';
import type { SystemName } from '../../sim/scenario/topology';
import type { LogCat } from '../store';
import { formatTime } from '../format';

const SHOWN = 200;
/** Entries scanned per system for the filters; older ones stay in the run but not in this list. */
const SCAN_MAX = 5_000;
const CATS: Exclude<LogCat, 'all' | 'events'>[] = ['fault', 'election', 'isr', 'route', 'rebalance', 'loss', 'error', 'status', 'metric', 'info'];

export function filterLog(entries: readonly (LogEntry & { system: SystemName })[], f: { system: string; node: string; cat: string }) {
  return entries.filter(
    (e) =>
      (f.system === 'all' || e.system === f.system) && (f.node === 'all' || e.node === f.node) &&
      (f.cat === 'all' || (f.cat === 'events' ? e.cat !== 'metric' : e.cat === f.cat)),
  );
}

/**
 * An entry's sentence in the chosen language: its catalogue code and params when it has them,
 * else the English text it was logged with (models not yet converted to codes).
 */
export function logText(e: LogEntry, lang: Lang): string {
  return e.code ? renderCause({ code: e.code, params: e.params }, lang) : e.text;
}

/** The list itself, newest first; kind and node stay as logged (real names). */
export function LogEntries({ entries, lang }: { entries: readonly (LogEntry & { system: SystemName })[]; lang: Lang }) {
  return (
    <ol className="log-entries">
      {entries.map((e, i) => (
        <li key={`${e.system}-${e.at}-${i}`} className={`cat-${e.cat}`} data-log-kind={e.kind}>
          <time>{formatTime(e.at)}</time>
          <span className={`sys sys-${e.system}`}>{e.system === 'kafka' ? 'K' : 'R'}</span>
          <code className="kind">{e.kind}</code>
          <span className="node">{e.node}</span>
          <span className="text">{logText(e, lang)}</span>
        </li>
      ))}
    </ol>
  );
}

export function EventLog() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const engine = useEngine();
  useEngineTick(300);
  const filter = useApp((s) => s.logFilter);
  const setFilter = useApp((s) => s.setLogFilter);
  const all: (LogEntry & { system: SystemName })[] = [];
  const nodes = new Set<string>();
  for (const system of ['kafka', 'rocketmq'] as const) {
    const sim = engine.runners[system].sim;
    if (!sim) continue;
    if (filter.system === 'all' || filter.system === system) for (const s of sim.specs) nodes.add(s.name);
    // The newest entries only: a long run logs thousands, and the list shows the latest SHOWN.
    const log = sim.world.log;
    log.forEachRange(Math.max(0, log.length - SCAN_MAX), log.length, (e) => all.push({ ...e, system }));
  }
  all.sort((a, b) => a.at - b.at);
  const shown = filterLog(all, filter);
  const tail = shown.slice(-SHOWN).reverse();
  return (
    <section className="event-log" aria-labelledby="log-title">
      <h2 id="log-title">{t('log.title')}</h2>
      <div className="filters">
        <label>
          {t('log.system')}
          <select value={filter.system} data-filter="system" onChange={(e) => setFilter({ system: e.target.value as SystemName | 'all', node: 'all' })}>
            <option value="all">{t('log.all')}</option>
            <option value="kafka">{t('system.kafka')}</option>
            <option value="rocketmq">{t('system.rocketmq')}</option>
          </select>
        </label>
        <label>
          {t('log.node')}
          <select value={filter.node} data-filter="node" onChange={(e) => setFilter({ node: e.target.value })}>
            <option value="all">{t('log.all')}</option>
            {[...nodes].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label>
          {t('log.kind')}
          <select value={filter.cat} data-filter="cat" onChange={(e) => setFilter({ cat: e.target.value as LogCat })}>
            <option value="events">{t('log.allButMetrics')}</option>
            <option value="all">{t('log.all')}</option>
            {CATS.map((c) => <option key={c} value={c}>{t(`log.cat.${c}`)}</option>)}
          </select>
        </label>
      </div>
      {tail.length === 0 ? <p className="muted">{t('log.empty')}</p> : (
        <>
          <p className="muted small">{t('log.shown', { n: tail.length, total: shown.length })}</p>
          <LogEntries entries={tail} lang={lang} />
        </>
      )}
    </section>
  );
}
