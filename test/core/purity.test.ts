import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The engine must be pure: no ambient time or randomness, no DOM, no UI libraries. */
const ENGINE = join(__dirname, '../../src/sim');
const FORBIDDEN: [RegExp, string][] = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\.now\b|\bnew Date\(/, 'the wall clock (Date)'],
  [/\bperformance\.now\b/, 'performance.now'],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, 'timers'],
  [/\brequestAnimationFrame\b/, 'requestAnimationFrame'],
  [/\b(window|document|localStorage|navigator)\./, 'the DOM'],
  [/from ['"](react|react-dom|zustand|d3(-[a-z]+)?)['"/]/, 'a UI library'],
  [/\bMath\.(log|log2|log10|exp|pow|sin|cos|tan|sqrt|cbrt|hypot)\b/, 'transcendental maths (differs between browsers)'],
  [/\*\*/, 'the ** operator (Math.pow) on anything but integer literals'],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('engine purity', () => {
  it('no file under src/sim uses ambient time, randomness, timers, the DOM or UI libraries', () => {
    const offences: string[] = [];
    for (const file of sources(ENGINE)) {
      // 2 ** 25 between integer literals is exact everywhere; only computed powers may differ.
      const code = stripComments(readFileSync(file, 'utf8')).replace(/\b\d+\s*\*\*\s*\d+\b/g, 'N');
      for (const [pattern, what] of FORBIDDEN) if (pattern.test(code)) offences.push(`${file.slice(ENGINE.length + 1)}: ${what}`);
    }
    expect(offences).toEqual([]);
  });
});
