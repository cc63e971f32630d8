/**
 * `npm run record -- <scenario.json | share link> out.webm|out.gif [--from ms] [--to ms]
 *   [--speed x] [--lang en|zh-CN] [--size WxH|720p|1080p] [--theme light|dark] [--dist DIR]`
 *
 * Records a scenario headlessly with the system Chromium (never a downloaded browser): builds the
 * app (or serves an already built one with --dist), opens it on 127.0.0.1 and drives the same
 * in-app exporter the Record button uses, frame by frame from simulated time, then saves the
 * bytes. Exit 0 on success, 2 on bad input (the problem on stderr), 1 on any other failure.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { restoreScenarioText } from '../src/sim/scenario/restore';
import { ScenarioError } from '../src/sim/scenario/errors';
import { decodeScenarioLink } from '../src/sim/scenario/link';
import { minimizeScenario } from '../src/sim/scenario/minimize';
import type { Scenario } from '../src/sim/scenario/defaults';
import { parseSize, requestProblems, type RecordRequest } from '../src/ui/record/options';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

const USAGE = [
  'usage: npm run record -- <scenario.json | share link> <out.webm | out.gif> [options]',
  '  --from MS        first simulated ms to record (default 0)',
  '  --to MS          last simulated ms (default: the scenario\'s duration)',
  '  --speed X        simulated seconds per video second (default 1)',
  '  --lang L         caption and label language: en or zh-CN (default en)',
  '  --size WxH       frame size, e.g. 1280x720, 1920x1080, 320x180; or 720p / 1080p (default 1280x720)',
  '  --theme T        light or dark (default light)',
  '  --dist DIR       serve an app already built with `vite build` instead of building one',
].join('\n');

class UsageError extends Error {}

interface Args {
  input: string;
  output: string;
  fromMs?: number;
  toMs?: number;
  speed: number;
  lang: 'en' | 'zh-CN';
  size: { width: number; height: number };
  theme: 'light' | 'dark';
  dist?: string;
}

function numberArg(name: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name}: expected a number, got ${JSON.stringify(text ?? '')}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const a: Partial<Args> = { speed: 1, lang: 'en', size: { width: 1280, height: 720 }, theme: 'light' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${arg}: expected a value`);
      return argv[++i];
    };
    if (arg === '--from') a.fromMs = numberArg(arg, value());
    else if (arg === '--to') a.toMs = numberArg(arg, value());
    else if (arg === '--speed') a.speed = numberArg(arg, value());
    else if (arg === '--lang') {
      const l = value();
      if (l !== 'en' && l !== 'zh-CN') throw new UsageError(`--lang: expected "en" or "zh-CN", got ${JSON.stringify(l)}`);
      a.lang = l;
    } else if (arg === '--size') {
      const text = value();
      const size = parseSize(text);
      if (!size) throw new UsageError(`--size: expected WIDTHxHEIGHT (e.g. 1280x720) or 720p/1080p, got ${JSON.stringify(text)}`);
      a.size = size;
    } else if (arg === '--theme') {
      const th = value();
      if (th !== 'light' && th !== 'dark') throw new UsageError(`--theme: expected "light" or "dark", got ${JSON.stringify(th)}`);
      a.theme = th;
    } else if (arg === '--dist') a.dist = value();
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 2) throw new UsageError(`expected a scenario (file or share link) and an output file, got ${positional.length} argument(s)`);
  [a.input, a.output] = positional;
  return a as Args;
}

/** A file if one exists at that path; otherwise a share link (`…#s=1.…`, `s=1.…` or `1.…`). */
function readScenario(input: string): Scenario {
  try {
    if (existsSync(input) && statSync(input).isFile()) return restoreScenarioText(readFileSync(input, 'utf8'));
    if (/(^|[#&])s=|^\d+\./.test(input)) return decodeScenarioLink(input);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`invalid scenario in ${JSON.stringify(shorten(input))}:\n${e.problems.map((p) => `  ${p}`).join('\n')}`);
    throw e;
  }
  throw new UsageError(`no such file, and not a share link: ${JSON.stringify(shorten(input))}`);
}

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function buildRequest(args: Args, scenario: Scenario): RecordRequest {
  const ext = extname(args.output).toLowerCase();
  if (ext !== '.webm' && ext !== '.gif') throw new UsageError(`output: expected a .webm or .gif file name, got ${JSON.stringify(args.output)}`);
  const request: RecordRequest = {
    format: ext === '.gif' ? 'gif' : 'webm',
    fromMs: args.fromMs ?? 0,
    toMs: args.toMs ?? scenario.durationMs,
    speed: args.speed, ...args.size, lang: args.lang, theme: args.theme,
  };
  const problems = requestProblems(request, scenario.durationMs);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return request;
}

async function main(): Promise<void> {
  let args: Args;
  let scenario: Scenario;
  let request: RecordRequest;
  try {
    args = parseArgs(process.argv.slice(2));
    scenario = readScenario(args.input);
    request = buildRequest(args, scenario);
    if (args.dist && !existsSync(join(args.dist, 'index.html'))) throw new UsageError(`--dist: no index.html in ${args.dist}`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`record: ${e.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    throw e;
  }
  const chromiumPath = process.env.BROKERSCOPE_CHROMIUM ?? CHROMIUM_PATHS.find((p) => existsSync(p));
  if (!chromiumPath) throw new Error(`no Chromium at ${CHROMIUM_PATHS.join(' or ')} (Debian: apt-get install chromium)`);
  const { recordInBrowser } = await import('./record-browser');
  const started = Date.now();
  const out = await recordInBrowser({ root: ROOT, dist: args.dist, chromiumPath, chromiumArgs: CHROMIUM_ARGS, scenario: minimizeScenario(scenario), request });
  writeFileSync(args.output, Buffer.from(out.base64, 'base64'));
  const fps = out.frames / Math.max(0.001, out.wallMs / 1000);
  process.stderr.write(
    `record: wrote ${args.output}: ${out.frames} frames ${request.width}x${request.height} (${out.codec}), ${out.bytes} bytes; ` +
      `${fps.toFixed(1)} frames/s in the page, ${((Date.now() - started) / 1000).toFixed(1)} s in all\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`record: failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

