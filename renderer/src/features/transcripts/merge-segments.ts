/** A transcript line; t0/t1 in ms from the start of the input. */
export interface TranscriptLine {
  t0Ms: number;
  t1Ms: number;
  text: string;
  /** false for live segments not yet committed by the job (shown dimmed). */
  committed: boolean;
}

/**
 * Committed segments (from `jobs.get`) followed by the live ones (`job.segments` events) that start at or after the
 * end of the last committed segment: once a window is committed its live copies are dropped, never shown twice.
 */
export function mergeSegments(
  committed: ReadonlyArray<{ t0Ms: number; t1Ms: number; text: string }>,
  live: ReadonlyArray<{ t0Ms: number; t1Ms: number; text: string }>,
): TranscriptLine[] {
  const end = committed.reduce((m, s) => Math.max(m, s.t1Ms), 0);
  const lines: TranscriptLine[] = committed.map((s) => ({ t0Ms: s.t0Ms, t1Ms: s.t1Ms, text: s.text, committed: true }));
  const seen = new Set<number>();
  for (const s of [...live].sort((a, b) => a.t0Ms - b.t0Ms)) {
    if (s.t0Ms < end || seen.has(s.t0Ms)) continue;
    seen.add(s.t0Ms);
    lines.push({ t0Ms: s.t0Ms, t1Ms: s.t1Ms, text: s.text, committed: false });
  }
  return lines;
}

/** Plain text of a transcript: one trimmed segment per line. */
export function transcriptText(lines: ReadonlyArray<{ text: string }>): string {
  return lines
    .map((l) => l.text.trim())
    .filter(Boolean)
    .join('\n');
}
