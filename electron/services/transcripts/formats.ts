import { stringifySync, type NodeList } from 'subtitle';
import type { Backend, OutputFormat, Segment } from '../../shared/jobs.js';

/** What the JSON export carries beside the segments. */
export interface TranscriptMeta {
  source: string;
  model: string;
  language: string | null;
  backend: Backend | null;
  durationMs: number | null;
}

/**
 * Turns segments into subtitle cues: text trimmed, empty segments dropped, sorted by t0, and each cue ends no later
 * than the next one starts (whisper's segments may touch or overlap by a few ms at window edges).
 * Times stay in ms. A cue shorter than 1 ms is widened to 1 ms so players keep it.
 */
export function toCues(segments: readonly Segment[]): Array<{ start: number; end: number; text: string }> {
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
 * Renders a transcript in one output format. SRT and WebVTT are written by the `subtitle` library;
 * TXT is one segment per line; JSON is `{ source, model, language, backend, durationMs, segments: [{ t0, t1, text }] }`
 * with t0/t1 in ms.
 */
export function renderTranscript(format: OutputFormat, segments: readonly Segment[], meta: TranscriptMeta): string {
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
        { ...meta, segments: segments.map((s) => ({ t0: s.t0Ms, t1: s.t1Ms, text: s.text.trim() })) },
        null,
        2,
      )}\n`;
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}
