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
import { decodeScenarioLink, encodeScenarioLink } from '../src/sim/scenario/link';
import type { Scenario } from '../src/sim/scenario/defaults';

const USAGE = [
  'usage: npm run --silent sim -- <scenario.json | -> [--system kafka|rocketmq]',
  '       npm run --silent sim -- --url "<share link or #s=1.… fragment>" [--system kafka|rocketmq]',
  '       npm run --silent sim -- --encode <scenario.json | ->   (prints the link fragment)',
].join('\n');

function fail(code: number, message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(code);
}

interface Args {
  file?: string;
  url?: string;
  encode: boolean;
  systems: SystemName[];
}

function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let url: string | undefined;
  let encode = false;
  let systems: SystemName[] = [...SYSTEMS];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--system') {
      const s = argv[++i];
      if (s !== 'kafka' && s !== 'rocketmq') fail(2, `--system: expected "kafka" or "rocketmq", got ${JSON.stringify(s ?? '')}\n${USAGE}`);
      systems = [s];
    } else if (a === '--url') {
      url = argv[++i];
      if (url === undefined) fail(2, `--url: expected a link\n${USAGE}`);
    } else if (a === '--encode') {
      encode = true;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (a.startsWith('--')) fail(2, `unknown option ${a}\n${USAGE}`);
    else if (file === undefined) file = a;
    else fail(2, `unexpected argument ${a}\n${USAGE}`);
  }
  if ((file === undefined) === (url === undefined)) fail(2, USAGE);
  if (encode && url !== undefined) fail(2, `--encode takes a scenario file, not --url\n${USAGE}`);
  return { file, url, encode, systems };
}

function readScenario(args: Args): Scenario {
  try {
    if (args.url !== undefined) return decodeScenarioLink(args.url);
    let text: string;
    try {
      text = readFileSync(args.file === '-' ? 0 : args.file!, 'utf8');
    } catch (e) {
      fail(2, `cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return restoreScenarioText(text);
  } catch (e) {
    if (e instanceof ScenarioError) fail(2, `invalid scenario:\n${e.problems.map((p) => `  ${p}`).join('\n')}`);
    throw e;
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const scenario = readScenario(args);
  if (args.encode) {
    process.stdout.write(`#${encodeScenarioLink(scenario)}\n`);
    return;
  }
  const result = runScenario(scenario, args.systems);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

try {
  main();
} catch (e) {
  fail(1, `internal error: ${(e as Error).message}`);
}
