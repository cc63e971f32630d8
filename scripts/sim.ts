/**
 * Headless runner: `npm run --silent sim -- FILE|- [--system kafka|rocketmq]`.
 * Prints { "kafka": report, "rocketmq": report } as JSON. Exit 0 on success, 2 on an invalid
 * scenario (the problems on stderr, no stack trace), 1 on an internal error.
 */
import { readFileSync } from 'node:fs';
import { restoreScenarioText } from '../src/sim/scenario/restore';
import { ScenarioError } from '../src/sim/scenario/errors';
import { runScenario } from '../src/sim/run';
import { SYSTEMS, type SystemName } from '../src/sim/scenario/topology';

const USAGE = 'usage: npm run --silent sim -- <scenario.json | -> [--system kafka|rocketmq]';

function fail(code: number, message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(code);
}

function parseArgs(argv: string[]): { file: string; systems: SystemName[] } {
  let file: string | undefined;
  let systems: SystemName[] = [...SYSTEMS];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--system') {
      const s = argv[++i];
      if (s !== 'kafka' && s !== 'rocketmq') fail(2, `--system: expected "kafka" or "rocketmq", got ${JSON.stringify(s ?? '')}\n${USAGE}`);
      systems = [s];
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (a.startsWith('--')) fail(2, `unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else fail(2, `unexpected argument ${a}\n${USAGE}`);
  }
  if (file === undefined) fail(2, USAGE);
  return { file, systems };
}

function main(): void {
  const { file, systems } = parseArgs(process.argv.slice(2));
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    fail(2, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let scenario;
  try {
    scenario = restoreScenarioText(text);
  } catch (e) {
    if (e instanceof ScenarioError) fail(2, `invalid scenario:\n${e.problems.map((p) => `  ${p}`).join('\n')}`);
    throw e;
  }
  const result = runScenario(scenario, systems);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

try {
  main();
} catch (e) {
  fail(1, `internal error: ${(e as Error).message}`);
}
