/**
 * Walkthrough captions for a recording: the note in force at a moment (the latest one whose
 * atMs has been reached, as a walkthrough pauses on it and leaves it up until the next), in the
 * chosen language, broken into lines that fit the caption box. Pure: text measurement is passed
 * in, so the browser measures with its canvas and tests with a fixed width per character.
 */
import type { Lang } from '../../i18n';
import type { NoteSpec, LocalTextValue } from '../../sim/scenario/schema';

/** A scenario's narration in one language; English when the language has no text. */
export function localText(text: LocalTextValue | undefined, lang: Lang): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return (lang === 'zh-CN' ? text['zh-CN'] : undefined) ?? text.en;
}

/** The note in force at simulated time t, or null before the first. Notes need not be sorted. */
export function activeNote(notes: readonly NoteSpec[], t: number): NoteSpec | null {
  let best: NoteSpec | null = null;
  for (const n of notes) if (n.atMs <= t && (best === null || n.atMs >= best.atMs)) best = n;
  return best;
}

/** The caption shown at t: the note's text, then its question's choices when it asks one. */
export function captionAt(notes: readonly NoteSpec[], t: number, lang: Lang): string {
  const n = activeNote(notes, t);
  if (!n) return '';
  const text = localText(n.text, lang);
  if (!n.ask) return text;
  const choices = n.ask.choices.map((c, i) => `${String.fromCharCode(65 + i)}. ${localText(c, lang)}`);
  return [text, choices.join('   ')].join('\n');
}

/** Characters that may break anywhere (CJK ideographs, kana, hangul, fullwidth forms). */
const BREAK_ANYWHERE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** Splits text into the smallest pieces a line may break between, keeping spaces with words. */
export function breakPieces(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of text) {
    if (BREAK_ANYWHERE.test(ch)) {
      if (word) out.push(word);
      word = '';
      out.push(ch);
    } else if (ch === ' ') {
      out.push(word + ' ');
      word = '';
    } else word += ch;
  }
  if (word) out.push(word);
  return out;
}

/**
 * Greedy line breaking to `maxWidth`, honouring explicit newlines, at most `maxLines` lines (the
 * last one cut with an ellipsis when the text does not fit).
 */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const piece of breakPieces(para)) {
      const next = line + piece;
      if (line !== '' && measure(next.trimEnd()) > maxWidth) {
        lines.push(line.trimEnd());
        line = piece.trimStart();
      } else line = next;
    }
    lines.push(line.trimEnd());
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last.length > 0 && measure(last + '…') > maxWidth) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = last + '…';
  return kept;
}
