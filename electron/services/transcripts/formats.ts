import { stringifySync, type NodeList } from 'subtitle';
import type { Backend, JobParams, OutputFormat, Segment, Word } from '../../shared/jobs.js';
import { type Cue, type CueLayout, layoutSegment } from './cue-layout.js';

/** What the JSON export carries beside the segments. */
export interface TranscriptMeta {
  /** The transcript's title (the user's, or the input's file name). */
  title?: string;
  source: string;
  model: string;
  language: string | null;
  backend: Backend | null;
  durationMs: number | null;
}

/** What rendering reads of a segment: its times, its text as edited, whisper's original when edited, its words. */
export type RenderSegment = Pick<Segment, 't0Ms' | 't1Ms' | 'text'> & { original?: string | null; words?: readonly Word[] | undefined };

/**
 * Turns segments into subtitle cues: each segment laid out by `layout` (cue-layout.ts: one cue per segment when no
 * line length is set, else cues of at most maxLineChars per line split at word boundaries), empty ones dropped,
 * sorted by start, and each cue ends no later than the next one starts (whisper's segments may touch or overlap by a
 * few ms at window edges). Times stay in ms. A cue shorter than 1 ms is widened to 1 ms so players keep it.
 */
export function toCues(segments: readonly RenderSegment[], layout: CueLayout = {}): Cue[] {
  const sorted = segments.flatMap((s) => layoutSegment(s, layout)).sort((a, b) => a.start - b.start);
  return sorted.map((c, i) => {
    const next = sorted[i + 1];
    const end = next ? Math.min(c.end, next.start) : c.end;
    return { ...c, end: Math.max(end, c.start + 1) };
  });
}

/**
 * Renders a transcript in one output format, with the text as edited. SRT and WebVTT are written by the `subtitle`
 * library, laid out by `layout` (line length, cue length); TXT is one segment per line; JSON is `{ title, source,
 * model, language, backend, durationMs, segments: [{ t0, t1, text, original?, words? }] }` with t0/t1 in ms,
 * `original` (whisper's text) on edited segments only, and `words` (`[{ text, t0, t1, p }]`, whisper's words with
 * their times in ms and probability) where the engine timed them.
 */
export function renderTranscript(format: OutputFormat, segments: readonly RenderSegment[], meta: TranscriptMeta, layout: CueLayout = {}): string {
  switch (format) {
    case 'txt':
      return `${toCues(segments).map((c) => c.text).join('\n')}\n`;
    case 'srt':
    case 'vtt': {
      const nodes: NodeList = toCues(segments, layout).map((data) => ({ type: 'cue', data }));
      return stringifySync(nodes, { format: format === 'srt' ? 'SRT' : 'WebVTT' });
    }
    case 'json':
      return `${JSON.stringify(
        {
          ...meta,
          segments: segments.map((s) => ({
            t0: s.t0Ms,
            t1: s.t1Ms,
            text: s.text.trim(),
            ...(s.original != null ? { original: s.original.trim() } : {}),
            ...(s.words ? { words: s.words.map((w) => ({ text: w.text.trim(), t0: w.t0Ms, t1: w.t1Ms, p: Number(w.p.toFixed(4)) })) } : {}),
          })),
        },
        null,
        2,
      )}\n`;
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

/** The subtitle layout a job's params ask for (maxLineChars, maxCueChars; see JobParams). */
export function cueLayout(params: Pick<JobParams, 'maxLineChars' | 'maxCueChars'>): CueLayout {
  return { maxLineChars: params.maxLineChars, maxCueChars: params.maxCueChars };
}
