import { deflateSync, Inflate, strToU8, strFromU8 } from 'fflate';
import type { Scenario } from './defaults';
import { ScenarioError } from './errors';
import { minimizeScenario } from './minimize';
import { restoreScenario, SCENARIO_VERSION } from './restore';

/**
 * Share links carry the whole scenario in the URL fragment, so nothing is sent to a server:
 * `#s=<version>.<base64url(deflate-raw(minimal JSON))>`. The version in front lets old links
 * migrate through the one restore path.
 */
export const LINK_PARAM = 's';
/** A link that inflates past this is refused rather than allowed to eat memory. */
export const LINK_INFLATED_MAX = 256 * 1024;
export const LINK_TEXT_MAX = 64 * 1024;

export function encodeScenarioLink(s: Scenario): string {
  const json = JSON.stringify(minimizeScenario(s));
  return `${LINK_PARAM}=${SCENARIO_VERSION}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
}

/**
 * Reads a link, a fragment (`#s=1.…`), or the bare `s=1.…` / `1.…` value, and restores it.
 * Anything wrong (truncated, not base64, not deflate, not JSON, too new, out of bounds) is a
 * ScenarioError that says what was wrong.
 */
export function decodeScenarioLink(link: string): Scenario {
  if (link.length > LINK_TEXT_MAX) throw new ScenarioError('malformed', [`link: longer than ${LINK_TEXT_MAX} characters`]);
  const payload = extractPayload(link);
  const m = /^(\d{1,4})\.([A-Za-z0-9_-]*)$/.exec(payload);
  if (!m) throw new ScenarioError('malformed', ['link: expected "s=<version>.<data>" in the fragment']);
  const version = Number(m[1]);
  if (version > SCENARIO_VERSION)
    throw new ScenarioError('tooNew', [
      `link: made by a newer BrokerScope (format ${version}; this one reads up to ${SCENARIO_VERSION})`,
    ]);
  const bytes = fromBase64Url(m[2]);
  const text = inflateBounded(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ScenarioError('malformed', ['link: the scenario inside is not valid JSON (is the link complete?)']);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !('version' in value))
    (value as Record<string, unknown>).version = version;
  return restoreScenario(value);
}

function extractPayload(link: string): string {
  const trimmed = link.trim();
  const hash = trimmed.indexOf('#');
  const fragment = hash >= 0 ? trimmed.slice(hash + 1) : trimmed;
  for (const part of fragment.split('&')) {
    if (part.startsWith(`${LINK_PARAM}=`)) return decodeURIComponentSafe(part.slice(LINK_PARAM.length + 1));
  }
  if (/^\d+\./.test(fragment)) return fragment;
  throw new ScenarioError('malformed', ['link: no scenario in it (expected "#s=…")']);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function inflateBounded(bytes: Uint8Array): string {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  try {
    const inflater = new Inflate((chunk, final) => {
      total += chunk.length;
      if (total > LINK_INFLATED_MAX) throw new ScenarioError('malformed', [`link: the scenario inside is larger than ${LINK_INFLATED_MAX / 1024} KiB`]);
      chunks.push(chunk);
      if (final) ended = true;
    });
    inflater.push(bytes, true);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new ScenarioError('malformed', ['link: the data is damaged or cut short (could not decompress it)']);
  }
  if (!ended) throw new ScenarioError('malformed', ['link: the data is cut short']);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return strFromU8(all);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += ALPHABET[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new ScenarioError('malformed', ['link: the data is cut short (bad base64url length)']);
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new ScenarioError('malformed', [`link: "${ch}" is not a base64url character`]);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 255;
    }
  }
  return out;
}
