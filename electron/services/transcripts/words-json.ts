import type { Word } from '../../shared/jobs.js';

/** A segment's words as `segments.words_json` stores them (migration 0005): JSON, or NULL for none. */
export function wordsJson(words: readonly Word[] | null | undefined): string | null {
  return words ? JSON.stringify(words.map((w) => ({ text: w.text, t0Ms: Math.round(w.t0Ms), t1Ms: Math.round(w.t1Ms), p: w.p }))) : null;
}
