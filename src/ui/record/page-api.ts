/**
 * The recorder as `npm run record` drives it: `window.__brokerscope.record(input)` restores the
 * scenario through the one door, runs the same exporter as the Record button (loaded on demand,
 * so it costs the initial page nothing) and returns the file as base64 for the script to save.
 * Progress goes to `window.__brokerscopeRecordProgress` when the script has exposed one.
 */
import { restoreScenario } from '../../sim/scenario/restore';
import type { RecordRequest } from './options';

export interface PageRecordInput {
  scenario: unknown;
  request: RecordRequest;
}

export interface PageRecordOutput {
  base64: string;
  bytes: number;
  frames: number;
  codec: string;
  /** Wall time the export took in the page, for the script's frames-per-second report. */
  wallMs: number;
}

type ProgressHook = (frame: number, frames: number) => void;

export async function recordFromPage(input: PageRecordInput): Promise<PageRecordOutput> {
  const { recordScenario } = await import('./exporter');
  const scenario = restoreScenario(input.scenario);
  const hook = (window as unknown as { __brokerscopeRecordProgress?: ProgressHook }).__brokerscopeRecordProgress;
  const started = performance.now();
  const result = await recordScenario(scenario, input.request, { onProgress: (p) => hook?.(p.frame, p.frames) });
  const wallMs = Math.round(performance.now() - started);
  return { base64: await toBase64(result.blob), bytes: result.blob.size, frames: result.frames, codec: result.codec, wallMs };
}

function toBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
