/**
 * Fitting text into node boxes without measuring the DOM: an estimate of a string's width from
 * its characters (Latin letters, digits, narrow punctuation, CJK), then ellipsis or wrapping.
 * Pure, so layout stays a function of the view; deliberately a little generous, since the page's
 * font (DejaVu, Noto, PingFang, YaHei) is not known here, and a text cut early is better than one
 * running over its box.
 */

/** Width of one character in units of the font size. */
function charEm(c: number): number {
  if (c >= 0x2e80) return 1; // CJK ideographs, kana, full-width punctuation
  if (c === 32) return 0.32;
  if (c >= 48 && c <= 57) return 0.64; // digits
  if (c === 37 || c === 64 || c === 77 || c === 87 || c === 109 || c === 119) return 0.9; // % @ M W m w
  if (c >= 65 && c <= 90) return 0.7; // other capitals
  if (c === 105 || c === 108 || c === 106 || c === 46 || c === 44 || c === 58 || c === 59 || c === 124 || c === 33 || c === 39) return 0.32;
  if (c === 8230) return 1; // …
  return 0.6;
}

/** Estimated width in px of `text` at `fontPx`. */
export function textWidth(text: string, fontPx: number): number {
  let em = 0;
  for (let i = 0; i < text.length; i++) em += charEm(text.charCodeAt(i));
  return em * fontPx;
}

/** `text`, or its longest prefix that fits `maxPx` followed by an ellipsis. */
export function ellipsize(text: string, maxPx: number, fontPx: number): string {
  if (textWidth(text, fontPx) <= maxPx) return text;
  const budget = maxPx - fontPx; // room for the ellipsis
  let em = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const w = charEm(text.charCodeAt(i)) * fontPx;
    if (em + w > budget) break;
    em += w;
  }
  return text.slice(0, i).trimEnd() + '…';
}

/**
 * Packs `parts` (words that must not be split) into at most `maxLines` lines of `maxPx`, joined
 * by spaces. When they do not all fit, the last line ends in an ellipsis.
 */
export function wrapParts(parts: readonly string[], maxPx: number, fontPx: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < parts.length; i++) {
    const next = line ? `${line} ${parts[i]}` : parts[i];
    if (textWidth(next, fontPx) <= maxPx || !line) {
      line = next;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(ellipsize(`${line} …`, maxPx, fontPx));
      return lines;
    }
    lines.push(line);
    line = parts[i];
  }
  if (line) lines.push(ellipsize(line, maxPx, fontPx));
  return lines.slice(0, maxLines);
}
