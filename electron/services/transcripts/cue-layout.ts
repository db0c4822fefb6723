import type { Word } from '../../shared/jobs.js';

/** A subtitle cue: start/end in ms from the start of the input; `text` may hold line breaks. */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

/**
 * How subtitle cues are laid out (JobParams maxLineChars/maxCueChars): at most `maxLineChars` characters per line
 * and `maxCueChars` per cue (default: two lines). Absent maxLineChars: one cue per segment on one line.
 */
export interface CueLayout {
  maxLineChars?: number | undefined;
  maxCueChars?: number | undefined;
}

/** A segment as layout reads it: times in ms, text as edited, whisper's words while the text is whisper's own. */
export interface LayoutSegment {
  t0Ms: number;
  t1Ms: number;
  text: string;
  original?: string | null | undefined;
  words?: readonly Word[] | undefined;
}

/** A word of a cue with its time span (ms). */
interface TimedWord {
  text: string;
  t0: number;
  t1: number;
}

/**
 * The words of a segment with their times: whisper's own words when the text is still whisper's (`original` null)
 * and their texts make up that text, else the text's space-separated words timed in proportion to their character
 * positions across [t0Ms, t1Ms] (the best guess for text the user typed).
 */
function timedWords(seg: LayoutSegment): TimedWord[] {
  const whisperWords = seg.original == null && seg.words?.length ? seg.words : null;
  if (whisperWords && whisperWords.map((w) => w.text).join('').trim() === seg.text.trim()) {
    return whisperWords.map((w) => ({ text: w.text.trim(), t0: w.t0Ms, t1: w.t1Ms })).filter((w) => w.text.length > 0);
  }
  const text = seg.text.trim();
  const span = seg.t1Ms - seg.t0Ms;
  const out: TimedWord[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const at = (i: number) => Math.round(seg.t0Ms + (span * i) / Math.max(1, text.length));
    out.push({ text: m[0], t0: at(m.index), t1: at(m.index + m[0].length) });
  }
  return out;
}

/**
 * Breaks `words` into lines of at most `maxLineChars` characters at spaces (a single word longer than that gets a
 * line of its own: a word is never cut).
 */
export function wrapLines(words: readonly string[], maxLineChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > maxLineChars) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Lays one segment out as cues (see CueLayout): words are added to a cue while its text, wrapped into lines of at
 * most maxLineChars, stays within maxCueChars characters and two lines' worth; every cue boundary falls between two
 * words. A cue runs from its first word's start to its last word's end; the first cue starts at the segment's t0
 * and the last ends at its t1, so the segment's span stays covered.
 */
export function layoutSegment(seg: LayoutSegment, layout: CueLayout): Cue[] {
  const text = seg.text.trim();
  if (!text) return [];
  const maxLine = layout.maxLineChars;
  if (!maxLine) return [{ start: seg.t0Ms, end: seg.t1Ms, text }];
  const maxCue = layout.maxCueChars ?? maxLine * 2;
  const maxLines = Math.max(1, Math.floor(maxCue / maxLine));
  const words = timedWords(seg);
  const groups: TimedWord[][] = [];
  let current: TimedWord[] = [];
  for (const w of words) {
    const candidate = [...current, w].map((x) => x.text);
    const fits = candidate.join(' ').length <= maxCue && wrapLines(candidate, maxLine).length <= maxLines;
    if (current.length > 0 && !fits) {
      groups.push(current);
      current = [w];
    } else current.push(w);
  }
  if (current.length) groups.push(current);
  return groups.map((g, i) => ({
    start: i === 0 ? seg.t0Ms : g[0]!.t0,
    end: i === groups.length - 1 ? seg.t1Ms : Math.max(g[g.length - 1]!.t1, g[0]!.t0),
    text: wrapLines(g.map((w) => w.text), maxLine).join('\n'),
  }));
}
