import { ScenarioV1, type ScenarioInput } from './schema';
import { fillDefaults, type Scenario } from './defaults';
import { ScenarioError } from './errors';
import { formatIssues, describeValue } from './format-issues';
import { checkConsistency, checkExplicitSettings } from './consistency';

/** The newest scenario format version this code reads and writes. */
export const SCENARIO_VERSION = 1;

/**
 * Step-by-step migrations: MIGRATIONS[n] turns a version-n object into version n+1. Each one gets
 * a before/after test. There are none yet: v1 is the first format.
 */
export const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

/**
 * The one door every scenario enters by (URL, file, preset, test): read the version, migrate,
 * validate, check cross-field consistency, fill defaults. Throws ScenarioError, never anything else.
 */
export function restoreScenario(input: unknown): Scenario {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new ScenarioError('malformed', [`(scenario): expected a JSON object, got ${describeValue(input)}`]);
  let obj = input as Record<string, unknown>;
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new ScenarioError('invalid', [`version: expected a format version such as 1, got ${describeValue(version)}`]);
  if (version > SCENARIO_VERSION)
    throw new ScenarioError('tooNew', [
      `version: this scenario uses format ${version}, but this BrokerScope reads up to ${SCENARIO_VERSION}; open it in a newer BrokerScope`,
    ]);
  for (let v = version; v < SCENARIO_VERSION; v++) obj = MIGRATIONS[v](obj);
  const parsed = ScenarioV1.safeParse(obj, { reportInput: true });
  if (!parsed.success) throw new ScenarioError('invalid', formatIssues(parsed.error.issues));
  const scenario = fillDefaults(parsed.data as ScenarioInput);
  const problems = [...checkExplicitSettings(parsed.data as ScenarioInput, scenario), ...checkConsistency(scenario)];
  if (problems.length > 0) throw new ScenarioError('invalid', problems);
  return scenario;
}

/** Parses JSON text and restores it; a JSON syntax error becomes a ScenarioError too. */
export function restoreScenarioText(text: string): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError('malformed', [`(scenario): not valid JSON (${(e as Error).message})`]);
  }
  return restoreScenario(value);
}
