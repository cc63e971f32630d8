/**
 * The most-taught settings of each system and the workload. Controls are labelled with the real
 * setting names (acks, min.insync.replicas, flushDiskType, ...). A change goes through the one
 * door (restoreScenario) and restarts both runs from 0 with the same seed and faults.
 */
import { useState } from 'react';
import type { Scenario } from '../../sim/scenario/defaults';
import { minimizeScenario } from '../../sim/scenario/minimize';
import { restoreScenario } from '../../sim/scenario/restore';
import { ScenarioError } from '../../sim/scenario/errors';
import { useApp, useT } from '../context';
import type { MessageKey } from '../../i18n';

type Block = 'kafka' | 'rocketmq' | 'workload' | 'root';

export interface SettingSpec {
  block: Block;
  field: string;
  /** The real setting name, shown as is; or a catalogue key for the workload's own fields. */
  label: string;
  labelKey?: MessageKey;
  type: 'enum' | 'bool' | 'int';
  options?: readonly string[];
  min?: number;
  max?: number;
}

export const SETTINGS: SettingSpec[] = [
  { block: 'root', field: 'seed', label: 'seed', labelKey: 'settings.seed', type: 'int', min: 0, max: 0xffffffff },
  { block: 'root', field: 'durationMs', label: 'durationMs', labelKey: 'settings.durationMs', type: 'int', min: 1000, max: 3_600_000 },
  { block: 'workload', field: 'ratePerSec', label: 'ratePerSec', labelKey: 'settings.ratePerSec', type: 'int', min: 0, max: 5000 },
  { block: 'workload', field: 'keys', label: 'keys', labelKey: 'settings.keys', type: 'int', min: 0, max: 1000 },
  { block: 'workload', field: 'producers', label: 'producers', labelKey: 'settings.producers', type: 'int', min: 1, max: 8 },
  { block: 'workload', field: 'consumers', label: 'consumers', labelKey: 'settings.consumers', type: 'int', min: 0, max: 16 },
  { block: 'workload', field: 'consumeFailurePercent', label: 'consumeFailurePercent', labelKey: 'settings.consumeFailurePercent', type: 'int', min: 0, max: 100 },
  { block: 'kafka', field: 'release', label: 'release', type: 'enum', options: ['4.x', '2.x', '0.11', '0.8'] },
  { block: 'kafka', field: 'acks', label: 'acks', type: 'enum', options: ['0', '1', 'all'] },
  { block: 'kafka', field: 'minInsyncReplicas', label: 'min.insync.replicas', type: 'int', min: 1, max: 9 },
  { block: 'kafka', field: 'uncleanLeaderElection', label: 'unclean.leader.election.enable', type: 'bool' },
  { block: 'kafka', field: 'idempotence', label: 'enable.idempotence', type: 'bool' },
  { block: 'kafka', field: 'assignor', label: 'partition.assignment.strategy', type: 'enum', options: ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] },
  { block: 'rocketmq', field: 'release', label: 'release', type: 'enum', options: ['4.x', '5.x'] },
  { block: 'rocketmq', field: 'flushDiskType', label: 'flushDiskType', type: 'enum', options: ['ASYNC_FLUSH', 'SYNC_FLUSH'] },
  { block: 'rocketmq', field: 'brokerRole', label: 'brokerRole', type: 'enum', options: ['ASYNC_MASTER', 'SYNC_MASTER'] },
  { block: 'rocketmq', field: 'sendMode', label: 'sendMode', type: 'enum', options: ['sync', 'async', 'oneway'] },
  { block: 'rocketmq', field: 'retryTimesWhenSendFailed', label: 'retryTimesWhenSendFailed', type: 'int', min: 0, max: 16 },
  { block: 'rocketmq', field: 'orderSelector', label: 'MessageQueueSelector', type: 'enum', options: ['none', 'hash'] },
  { block: 'rocketmq', field: 'consumeMode', label: 'consumeMode', type: 'enum', options: ['concurrently', 'orderly'] },
  { block: 'rocketmq', field: 'dledger', label: 'enableDLegerCommitLog', type: 'bool' },
];

/** The catalogue key of a setting's one-line hint (what it does, its real default). */
export function hintKey(spec: SettingSpec): MessageKey {
  return `hint.${spec.block}.${spec.field}` as MessageKey;
}

export function settingValue(s: Scenario, spec: SettingSpec): unknown {
  if (spec.block === 'root') return (s as unknown as Record<string, unknown>)[spec.field];
  return (s[spec.block] as unknown as Record<string, unknown>)[spec.field];
}

/**
 * The scenario with one setting changed, through the one door. Starts from the minimal form so a
 * release change brings that release's defaults; turning DLedger on brings its three replicas.
 */
export function withSetting(s: Scenario, spec: SettingSpec, value: unknown): Scenario {
  const input = minimizeScenario(s) as Record<string, unknown>;
  if (spec.block === 'root') input[spec.field] = value;
  else {
    const block = { ...((input[spec.block] as Record<string, unknown>) ?? {}) };
    block[spec.field] = value;
    if (spec.block === 'rocketmq' && spec.field === 'dledger') delete block.replicasPerGroup;
    input[spec.block] = block;
  }
  if (spec.field === 'durationMs') {
    const w = { ...((input.workload as Record<string, unknown>) ?? {}) };
    if (typeof w.stopProducingAtMs === 'number' && w.stopProducingAtMs > (value as number)) delete w.stopProducingAtMs;
    input.workload = w;
    input.faults = s.faults.filter((f) => f.atMs <= (value as number));
  }
  return restoreScenario(input);
}

export function Settings() {
  const t = useT();
  const scenario = useApp((s) => s.scenario);
  const setScenario = useApp((s) => s.setScenario);
  const [problem, setProblem] = useState<string | null>(null);
  const change = (spec: SettingSpec, value: unknown) => {
    try {
      setScenario(withSetting(scenario, spec, value));
      setProblem(null);
    } catch (e) {
      setProblem(e instanceof ScenarioError ? e.problems.join('; ') : String(e));
    }
  };
  const groups: [Block[], MessageKey][] = [[['root', 'workload'], 'settings.workload'], [['kafka'], 'settings.kafka'], [['rocketmq'], 'settings.rocketmq']];
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <p className="muted small">{t('settings.restartNote')}</p>
      {problem ? <p className="problem" role="alert">{t('settings.invalid', { problems: problem })}</p> : null}
      <div className="settings-groups">
        {groups.map(([blocks, title]) => (
          <fieldset key={title}>
            <legend>{t(title)}</legend>
            {SETTINGS.filter((s) => blocks.includes(s.block)).map((spec) => (
              <SettingControl key={`${spec.block}.${spec.field}`} spec={spec} value={settingValue(scenario, spec)} onChange={change} />
            ))}
          </fieldset>
        ))}
      </div>
    </section>
  );
}

function SettingControl({ spec, value, onChange }: { spec: SettingSpec; value: unknown; onChange: (s: SettingSpec, v: unknown) => void }) {
  const t = useT();
  const id = `setting-${spec.block}-${spec.field}`;
  const label = spec.labelKey ? t(spec.labelKey) : spec.label;
  const hintId = `${id}-hint`;
  const data = { 'data-setting': `${spec.block}.${spec.field}`, 'aria-describedby': hintId };
  let control;
  if (spec.type === 'enum')
    control = (
      <select id={id} {...data} value={String(value)} onChange={(e) => onChange(spec, e.target.value)}>
        {spec.options!.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  else if (spec.type === 'bool')
    control = (
      <select id={id} {...data} value={value ? 'true' : 'false'} onChange={(e) => onChange(spec, e.target.value === 'true')}>
        <option value="true">{t('settings.on')}</option>
        <option value="false">{t('settings.off')}</option>
      </select>
    );
  else control = <IntInput id={id} data={data} spec={spec} value={Number(value)} onChange={onChange} />;
  return (
    <div className="setting">
      <label htmlFor={id}>{spec.labelKey ? label : <code>{label}</code>}</label>
      {control}
      <span id={hintId} className="setting-hint" role="tooltip" data-hint={`${spec.block}.${spec.field}`}>{t(hintKey(spec))}</span>
    </div>
  );
}

/** Numbers apply on Enter or blur, not on every keystroke (each apply restarts the runs). */
function IntInput({ id, data, spec, value, onChange }: { id: string; data: Record<string, string>; spec: SettingSpec; value: number; onChange: (s: SettingSpec, v: unknown) => void }) {
  const [text, setText] = useState<string | null>(null);
  const commit = () => {
    if (text === null) return;
    const n = Number(text);
    setText(null);
    if (Number.isInteger(n) && n !== value) onChange(spec, n);
  };
  return (
    <input id={id} {...data} type="number" inputMode="numeric" min={spec.min} max={spec.max} step={1}
      value={text ?? String(value)} onChange={(e) => setText(e.target.value)} onBlur={commit}
      onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />
  );
}
