import { stringifySync, type NodeList } from 'subtitle';
import type { Backend, OutputFormat, Segment } from '../../shared/jobs.js';

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

/** What rendering reads of a segment: its times, its text as edited and, when edited, whisper's original. */
export type RenderSegment = Pick<Segment, 't0Ms' | 't1Ms' | 'text'> & { original?: string | null };

/**
 * Turns segments into subtitle cues: text trimmed, empty segments dropped, sorted by t0, and each cue ends no later
 * than the next one starts (whisper's segments may touch or overlap by a few ms at window edges).
 * Times stay in ms. A cue shorter than 1 ms is widened to 1 ms so players keep it.
 */
export function toCues(segments: readonly RenderSegment[]): Array<{ start: number; end: number; text: string }> {
  const sorted = segments
    .map((s) => ({ start: s.t0Ms, end: s.t1Ms, text: s.text.trim() }))
    .filter((c) => c.text.length > 0)
    .sort((a, b) => a.start - b.start);
  return sorted.map((c, i) => {
    const next = sorted[i + 1];
    const end = next ? Math.min(c.end, next.start) : c.end;
    return { ...c, end: Math.max(end, c.start + 1) };
  });
}

/**
 * Renders a transcript in one output format, with the text as edited. SRT and WebVTT are written by the `subtitle`
 * library; TXT is one segment per line; JSON is `{ title, source, model, language, backend, durationMs, segments:
 * [{ t0, t1, text, original? }] }` with t0/t1 in ms and `original` (whisper's text) on edited segments only.
 */
export function renderTranscript(format: OutputFormat, segments: readonly RenderSegment[], meta: TranscriptMeta): string {
  switch (format) {
    case 'txt':
      return `${toCues(segments).map((c) => c.text).join('\n')}\n`;
    case 'srt':
    case 'vtt': {
      const nodes: NodeList = toCues(segments).map((data) => ({ type: 'cue', data }));
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
