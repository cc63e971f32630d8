/**
 * `npm run record` end to end, in the system Chromium: a short recording is a valid WebM whose
 * duration and frame size are what was asked (ffprobe where installed, and always our own EBML
 * reader), two recordings of one scenario have the same frames, a short GIF has the asked size,
 * the Record button exports a file with a progress bar and can be cancelled, and bad input exits 2
 * with a message before any browser starts. Chromium follows the harness's rule: skipped loudly
 * when missing, a failure when BROKERSCOPE_REQUIRE_BROWSER=1.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { ROOT, browserAvailable, openApp, useBrowserApp } from '../browser/harness';
import { readWebm } from '../../src/ui/record/ebml';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SCENARIO = join(ROOT, 'src/scenarios/library/acks1-vs-async-master.json');
const tmp = mkdtempSync(join(tmpdir(), 'brokerscope-record-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function has(tool: string): boolean {
  try {
    execFileSync(tool, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const ffprobe = has('ffprobe');
const ffmpeg = has('ffmpeg');
if (!ffprobe) console.warn('\n*** record tests: no ffprobe (apt-get install ffmpeg); checking WebM files with the built-in EBML reader only ***\n');

async function record(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const r = await run(TSX, ['scripts/record.ts', ...args], { cwd: ROOT, timeout: 120_000 });
    return { code: 0, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stderr: err.stderr ?? String(e) };
  }
}

function probe(file: string): { width: number; height: number; durationS: number; frames: number; codec: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_name,width,height,nb_read_frames:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const j = JSON.parse(out) as { streams: { codec_name: string; width: number; height: number; nb_read_frames: string }[]; format: { duration: string } };
  const s = j.streams[0];
  return { width: s.width, height: s.height, durationS: Number(j.format.duration), frames: Number(s.nb_read_frames), codec: s.codec_name };
}

/** Decoded frame hashes with ffmpeg, else the encoded payloads' hashes (libvpx here is deterministic). */
function frameHashes(file: string): string[] {
  if (ffmpeg)
    return execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'framemd5', '-'], { encoding: 'utf8' })
      .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(',').pop()!.trim());
  return readWebm(readFileSync(file)).frames.map((f) => createHash('md5').update(f.payload).digest('hex'));
}

describe('npm run record: bad input exits 2 with a message', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing file', ['no-such-file.json', join(tmp, 'x.webm')], /no such file/],
    ['a broken share link', ['https://example.org/#s=1.AAAA', join(tmp, 'x.webm')], /invalid scenario/],
    ['a range past the end', [SCENARIO, join(tmp, 'x.webm'), '--to', '999999'], /--to/],
    ['an unknown option', [SCENARIO, join(tmp, 'x.webm'), '--fps', '60'], /unknown option --fps/],
    ['an output that is neither .webm nor .gif', [SCENARIO, join(tmp, 'x.mp4')], /\.webm or \.gif/],
    ['a GIF longer than 15 s of video', [SCENARIO, join(tmp, 'x.gif'), '--speed', '1'], /GIF is for clips under 15 s/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await record(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: npm run record/);
  });
});

describe.skipIf(!browserAvailable())('npm run record in the system Chromium', () => {
  let dist: string;

  beforeAll(async () => {
    dist = join(tmp, 'dist');
    await build({ root: ROOT, logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
  }, 180_000);

  // Two seconds of video: 4 simulated seconds around the crash at speed 2, at the smallest size.
  const args = (out: string) => [SCENARIO, out, '--from', '18000', '--to', '22000', '--speed', '2', '--size', '320x180', '--dist', dist];

  it('a short recording is a WebM of the asked frame size and duration (60 frames, 2 s), and a second one has the same frames', async () => {
    const a = join(tmp, 'a.webm');
    const b = join(tmp, 'b.webm');
    const [ra, rb] = [await record(args(a)), await record(args(b))];
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    const info = readWebm(readFileSync(a));
    expect(info.docType).toBe('webm');
    expect(info.codecId).toMatch(/^V_VP[89]$/);
    expect([info.width, info.height]).toEqual([320, 180]);
    expect(info.durationMs).toBeCloseTo(2_000, 3);
    expect(info.frames).toHaveLength(60);
    expect(info.frames[0].key).toBe(true);
    expect(info.frames.map((f) => f.timestampMs)).toEqual(info.frames.map((_, i) => Math.floor((i * 1000) / 30)) /* the muxer keeps whole ms */);
    if (ffprobe) {
      const p = probe(a);
      expect(p).toMatchObject({ width: 320, height: 180, frames: 60 });
      expect(p.durationS).toBeCloseTo(2, 2);
    }
    const [ha, hb] = [frameHashes(a), frameHashes(b)];
    expect(ha).toHaveLength(60);
    expect(ha).toEqual(hb);
    // The frames move: a diagram frozen in time would repeat one hash.
    expect(new Set(ha).size).toBeGreaterThan(30);
  }, 120_000);

  it('a short GIF (out.gif) has the asked size and 20 frames per second of video', async () => {
    const out = join(tmp, 'c.gif');
    const r = await record([SCENARIO, out, '--from', '19000', '--to', '20000', '--speed', '1', '--size', '320x180', '--lang', 'zh-CN', '--dist', dist]);
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([bytes.readUInt16LE(6), bytes.readUInt16LE(8)]).toEqual([320, 180]);
    if (ffprobe) expect(probe(out).frames).toBe(20);
  }, 120_000);
});

describe.skipIf(!browserAvailable())('the Record button', () => {
  const app = useBrowserApp();

  it('exports a WebM of the chosen range with a progress bar, and Cancel stops a long one', async () => {
    const page = await openApp(app.chromium.browser, app.server.url);
    await page.locator('[data-action="record"]').click();
    await page.locator('[data-control="record-to"]').fill('0.5');
    await page.locator('[data-control="record-speed"]').fill('1');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.locator('[data-action="record-start"]').click();
    const file = join(tmp, 'button.webm');
    await (await download).saveAs(file);
    const info = readWebm(readFileSync(file));
    expect([info.width, info.height, info.frames.length]).toEqual([1280, 720, 15]);
    await expect(page.locator('[data-record-done]').count()).resolves.toBe(1);

    await page.locator('[data-control="record-to"]').fill('60');
    await page.locator('[data-action="record-start"]').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-record-progress]')?.getAttribute('value')) >= 2, null, { timeout: 60_000 });
    await page.locator('[data-action="record-cancel"]').click();
    await page.waitForSelector('[data-action="record-start"]');
    await expect(page.locator('[data-record-progress]').count()).resolves.toBe(0);
    await page.close();
  }, 120_000);
});

