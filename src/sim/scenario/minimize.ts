import { fillDefaults, type Scenario } from './defaults';
import type { ScenarioInput } from './schema';

/**
 * The scenario as v1 JSON with only the fields that differ from their defaults, so that share
 * links stay short. `restoreScenario(minimizeScenario(s))` gives back `s` exactly.
 */
export function minimizeScenario(s: Scenario): ScenarioInput {
  const defaults = fillDefaults({
    version: 1,
    durationMs: s.durationMs,
    kafka: { release: s.kafka.release },
    rocketmq: { release: s.rocketmq.release, dledger: s.rocketmq.dledger },
  });
  const out: Record<string, unknown> = { version: 1 };
  if (s.title !== undefined) out.title = s.title;
  if (s.question !== undefined) out.question = s.question;
  if (s.tags.length > 0) out.tags = s.tags;
  if (s.seed !== defaults.seed) out.seed = s.seed;
  if (s.durationMs !== fillDefaults({ version: 1 }).durationMs) out.durationMs = s.durationMs;
  for (const block of ['workload', 'network', 'kafka', 'rocketmq'] as const) {
    const diff = diffBlock(s[block] as object, defaults[block] as object);
    if (block === 'kafka' && s.kafka.release !== '4.x') diff.release = s.kafka.release;
    if (block === 'rocketmq' && s.rocketmq.release !== '4.x') diff.release = s.rocketmq.release;
    if (block === 'rocketmq' && s.rocketmq.dledger) diff.dledger = true;
    if (Object.keys(diff).length > 0) out[block] = diff;
  }
  // Two settings follow others unless set explicitly: idempotence (acks, retries, max.in.flight)
  // and delivery.timeout.ms (at least linger.ms + request.timeout.ms). Keep one only when the other
  // settings alone would not give the same value (so acks 1 -> all turns idempotence back on).
  for (const derived of ['idempotence', 'deliveryTimeoutMs'] as const) {
    const kafka = out.kafka as Record<string, unknown> | undefined;
    if (!kafka || !(derived in kafka)) continue;
    const { [derived]: _, ...rest } = kafka;
    if (fillDefaults({ version: 1, kafka: rest as ScenarioInput['kafka'] }).kafka[derived] !== s.kafka[derived]) continue;
    if (Object.keys(rest).length > 0) out.kafka = rest;
    else delete out.kafka;
  }
  if (s.faults.length > 0) out.faults = s.faults;
  if (s.notes.length > 0) out.notes = s.notes;
  return out as ScenarioInput;
}

function diffBlock(actual: object, defaults: object): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  const d = defaults as Record<string, unknown>;
  for (const [key, value] of Object.entries(actual)) if (value !== d[key]) diff[key] = value;
  return diff;
}
