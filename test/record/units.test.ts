/**
 * The recorder's pure parts: frame arithmetic from simulated time, request checks shared by the
 * dialog and the command line, captions (the note in force, its language, CJK line breaking) and
 * the WebM duration rewrite.
 */
import { describe, expect, it } from 'vitest';
import { frameCount, frameSimMs, frameTimestampUs, parseSize, requestProblems, videoMs, type RecordRequest } from '../../src/ui/record/options';
import { activeNote, captionAt, localText, wrapText } from '../../src/ui/record/captions';
import { readWebm, setWebmDuration } from '../../src/ui/record/ebml';
import type { NoteSpec } from '../../src/sim/scenario/schema';

const req = (over: Partial<RecordRequest> = {}): RecordRequest => ({
  format: 'webm', fromMs: 0, toMs: 10_000, speed: 10, width: 1280, height: 720, lang: 'en', theme: 'light', ...over,
});

describe('frame arithmetic', () => {
  it('frameCount(request) is the video length at 30 fps: 10 s simulated at speed 10 is 30 frames', () => {
    expect(videoMs(req())).toBe(1000);
    expect(frameCount(req())).toBe(30);
    expect(frameCount(req({ format: 'gif' }))).toBe(20);
  });

  it('frameSimMs(request, i) steps by speed x 1000 / fps of simulated time, in whole ms, from the range start', () => {
    const r = req({ fromMs: 5_000, toMs: 6_000, speed: 1 });
    expect([0, 1, 2, 3, 29].map((i) => frameSimMs(r, i))).toEqual([5_000, 5_033, 5_066, 5_100, 5_966]);
  });

  it('frameTimestampUs(format, i) is exact at 30 fps', () => {
    expect(frameTimestampUs('webm', 30)).toBe(1_000_000);
    expect(frameTimestampUs('webm', 1)).toBe(33_333);
  });

  it('parseSize reads WxH and the 720p/1080p presets, and nothing else', () => {
    expect(parseSize('320x180')).toEqual({ width: 320, height: 180 });
    expect(parseSize('1080p')).toEqual({ width: 1920, height: 1080 });
    expect(parseSize('big')).toBeNull();
  });
});

describe('requestProblems', () => {
  it('accepts a good request', () => expect(requestProblems(req(), 60_000)).toEqual([]));
  it('refuses a range that ends before it starts or past the scenario', () => {
    expect(requestProblems(req({ fromMs: 5_000, toMs: 5_000 }), 60_000).join()).toMatch(/must be before/);
    expect(requestProblems(req({ toMs: 70_000 }), 60_000).join()).toMatch(/--to/);
  });
  it('refuses odd sizes (encoders need even ones) and speeds out of range', () => {
    expect(requestProblems(req({ width: 321 }), 60_000).join()).toMatch(/even/);
    expect(requestProblems(req({ speed: 0 }), 60_000).join()).toMatch(/--speed/);
  });
  it('refuses a GIF of 15 s of video or more', () => {
    expect(requestProblems(req({ format: 'gif', toMs: 20_000, speed: 1 }), 60_000).join()).toMatch(/GIF/);
  });
});

describe('captions', () => {
  const notes: NoteSpec[] = [
    { atMs: 4_000, text: { en: 'first', 'zh-CN': '第一' } },
    { atMs: 1_000, text: 'zero' },
    { atMs: 9_000, text: { en: 'ask' }, ask: { choices: ['yes', { en: 'no', 'zh-CN': '否' }], answer: 0 } },
  ];
  it('activeNote(notes, t) is the latest note reached, whatever the order in the file', () => {
    expect(activeNote(notes, 500)).toBeNull();
    expect(activeNote(notes, 1_000)?.text).toBe('zero');
    expect(activeNote(notes, 8_999)?.atMs).toBe(4_000);
  });
  it('localText falls back to English where a language has no text', () => {
    expect(localText(notes[0].text, 'zh-CN')).toBe('第一');
    expect(localText(notes[2].text, 'zh-CN')).toBe('ask');
  });
  it("captionAt lists a question's choices on a second line", () => {
    expect(captionAt(notes, 9_500, 'zh-CN')).toBe('ask\nA. yes   B. 否');
  });
  it('wrapText breaks Latin text between words and Chinese between characters', () => {
    const measure = (s: string) => [...s].length * 10;
    expect(wrapText('aaa bbb ccc', 75, measure, 3)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('一二三四五六七', 30, measure, 3)).toEqual(['一二三', '四五六', '七']);
    expect(wrapText('一二三四五六七八九十', 30, measure, 2)).toEqual(['一二三', '四五…']);
  });
});

describe('setWebmDuration', () => {
  it('rewrites the Info Duration that readWebm then reports', () => {
    // EBML header (DocType webm), then a Segment holding Info with TimecodeScale 1 ms and a float64 Duration.
    const docType = [0x42, 0x82, 0x84, ...new TextEncoder().encode('webm')];
    const info = [0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40, 0x44, 0x89, 0x88, 0, 0, 0, 0, 0, 0, 0, 0];
    const bytes = new Uint8Array([
      0x1a, 0x45, 0xdf, 0xa3, 0x80 | docType.length, ...docType,
      0x18, 0x53, 0x80, 0x67, 0x80 | (info.length + 5), 0x15, 0x49, 0xa9, 0x66, 0x80 | info.length, ...info,
    ]);
    expect(setWebmDuration(bytes, 2_000)).toBe(true);
    const read = readWebm(bytes);
    expect(read.docType).toBe('webm');
    expect(read.durationMs).toBe(2_000);
  });
});
