// whisper.cpp tokens -> words, for word timing. Pure; no addon here.
import type { Word } from '../../electron/shared/jobs.js';
import type { AddonToken } from './addon.js';

/** Shortest word Earshot reports, ms: two of whisper.cpp's 10 ms time steps. */
export const MIN_WORD_MS = 20;

/**
 * Joins a segment's text tokens into words, whisper's way: a token whose text starts with a space begins a new word,
 * any other token (a word's continuation, or punctuation) belongs to the word before it. Times are whisper.cpp's
 * token-level timestamps in ms from the start of the buffer: a word runs from its first token's t0 to its last
 * token's t1; its probability is the lowest of its tokens' (one doubtful piece makes the word doubtful).
 * Times are then made usable: clamped into the segment [segT0, segT1], never before the previous word's start, and
 * at least MIN_WORD_MS long where the segment is that long (whisper gives some tokens no length). Tokens without times (t0 < 0: token timestamps were off) give no words at all, and so do empty ones.
 * Returns words in buffer time (ms), in order.
 */
export function tokensToWords(tokens: readonly AddonToken[], segT0: number, segT1: number): Word[] {
  if (tokens.some((t) => t.t0 < 0 || t.t1 < 0)) return [];
  const words: Array<{ text: string; t0: number; t1: number; p: number }> = [];
  for (const tok of tokens) {
    if (tok.text.length === 0) continue;
    const last = words[words.length - 1];
    if (!last || tok.text.startsWith(' ')) words.push({ text: tok.text, t0: tok.t0, t1: tok.t1, p: tok.p });
    else {
      last.text += tok.text;
      last.t1 = Math.max(last.t1, tok.t1);
      last.p = Math.min(last.p, tok.p);
    }
  }
  const lo = Math.round(segT0);
  const hi = Math.max(lo, Math.round(segT1));
  let floor = lo;
  return words
    .filter((w) => w.text.trim().length > 0)
    .map((w) => {
      let t0 = Math.min(hi, Math.max(floor, Math.round(w.t0)));
      let t1 = Math.min(hi, Math.max(t0, Math.round(w.t1)));
      // whisper times some tokens with no length (t0 = t1, one 10 ms step at best): give the word MIN_WORD_MS,
      // after its start where the segment allows, else before its end.
      if (t1 - t0 < MIN_WORD_MS) {
        t1 = Math.min(hi, t0 + MIN_WORD_MS);
        t0 = Math.max(lo, Math.min(t0, t1 - MIN_WORD_MS));
      }
      floor = t0;
      return { text: w.text, t0Ms: t0, t1Ms: t1, p: Math.min(1, Math.max(0, w.p)) };
    });
}
