/**
 * One system's speed probe (not a test): `npx tsx bench/profile.ts --system=kafka|rocketmq
 * [--minutes=1] [--by-type]`. Runs the bench workload (bench/workload.ts) for one system and prints
 * wall and CPU time, events, RSS, the report's build time and the trace hash (the same scenario must
 * give the same hash; a pure speed change must not change it). `--by-type` also counts delivered wire
 * messages and timers by type (slower; for profiling). Profile with
 * `node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.ts --system=kafka`.
 */
import { restoreScenario } from '../src/sim/scenario/restore';
import { createSim } from '../src/sim/run';
import { buildReport } from '../src/sim/accounting/report';
import type { Envelope, TimerBody } from '../src/sim/core/types';
import type { SystemName } from '../src/sim/scenario/topology';
import { benchScenarioInput } from './workload';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const minutes = Number(args.get('minutes') ?? 1);
const system = (args.get('system') ?? 'kafka') as SystemName;
if (system !== 'kafka' && system !== 'rocketmq') throw new Error(`--system: expected kafka or rocketmq, got ${system}`);
const s = restoreScenario(benchScenarioInput(minutes));
const sim = createSim(s, system);
const counts: Record<string, number> = {};
if (args.has('by-type')) {
  const m = sim.model;
  const count = (k: string) => void (counts[k] = (counts[k] ?? 0) + 1);
  const onMessage = m.onMessage, onTimer = m.onTimer;
  (sim as { model: unknown }).model = {
    ...m,
    onMessage: (x: typeof sim, env: Envelope) => (count(`msg ${(env.body as { type: string }).type}`), onMessage(x, env)),
    onTimer: (x: typeof sim, node: string, t: TimerBody) => (count(`timer ${t.type}`), onTimer(x, node, t)),
  };
}
const t0 = performance.now();
const c0 = process.cpuUsage();
sim.runUntil(s.durationMs);
const ms = Math.round(performance.now() - t0);
// CPU time is steadier than wall time on a shared machine (it includes the GC's helper threads).
const cpu = process.cpuUsage(c0);
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
const t1 = performance.now();
const r = buildReport(sim);
const reportMs = Math.round(performance.now() - t1);
const mb = Math.round(process.memoryUsage().rss / 1048576);
console.log(`${system} ${minutes} min: ${ms} ms (cpu ${cpuMs} ms), ${sim.world.events} events, ${mb} MB rss, report ${reportMs} ms, sent ${r.sent}, acked ${r.acked}, delivered ${r.delivered}, hash ${sim.traceHash()}`);
if (args.has('by-type')) console.table(Object.entries(counts).sort((a, b) => b[1] - a[1]));
