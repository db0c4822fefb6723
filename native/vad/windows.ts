import { CUT_SEARCH_MS, TAIL_SLACK_MS } from '../audio/windows.js';
import type { SpeechRegion } from './types.js';

/**
 * Window planning with the speech regions a job's VAD found (native/audio/windows.ts plans by loudness alone).
 * All times are ms from the start of the file. Pure except for the loudness fallback the caller hands in, and
 * deterministic for the same regions, which resume relies on.
 */

/** Audio kept on each side of speech when the non-speech between is skipped, ms. */
export const SPEECH_MARGIN_MS = 1_000;
/** A non-speech stretch is skipped (never decoded) when at least this much of it is left after the margins, ms. */
export const SKIP_MIN_MS = 3_000;
/** Cuts fall on this grid, like the loudness planner's, ms. */
const CUT_GRID_MS = 10;

/**
 * The stretches of the file whisper is not asked to decode, as [startMs, endMs) pairs in order: every gap
 * between speech regions (and before the first and after the last) that is longer than 2 × SPEECH_MARGIN_MS +
 * SKIP_MIN_MS, less SPEECH_MARGIN_MS next to speech (none at the file's own start and end). No regions at all:
 * the whole file. Throws RangeError for regions out of order, overlapping or past `totalMs`.
 */
export function skippedStretches(regions: readonly SpeechRegion[], totalMs: number): Array<[number, number]> {
  let prevEnd = 0;
  const out: Array<[number, number]> = [];
  const add = (a: number, b: number) => {
    if (b - a >= SKIP_MIN_MS) out.push([a, b]);
  };
  regions.forEach((r, i) => {
    if (r.t0Ms < prevEnd || r.t1Ms > totalMs) throw new RangeError(`speech region ${i} [${r.t0Ms}, ${r.t1Ms}) is out of order or past ${totalMs} ms`);
    add(i === 0 ? 0 : prevEnd + SPEECH_MARGIN_MS, r.t0Ms - SPEECH_MARGIN_MS);
    prevEnd = r.t1Ms;
  });
  add(regions.length === 0 ? 0 : prevEnd + SPEECH_MARGIN_MS, totalMs);
  return out;
}

/**
 * Where to cut the window that starts at `offsetMs` with a nominal length of `windowMs`: in the longest pause
 * between speech regions (the non-speech before the first and after the last region count too) that lies within
 * ±CUT_SEARCH_MS of the nominal end and at least half a window after `offsetMs`, at the middle of the part of it
 * inside that span (10 ms grid); of equally long pauses, the one nearest the nominal end. Returns null when no
 * pause lies there (the caller then cuts at the quietest stretch), and `totalMs` when what is left is at most
 * windowMs + TAIL_SLACK_MS.
 */
export function pauseCut(regions: readonly SpeechRegion[], offsetMs: number, windowMs: number, totalMs: number): number | null {
  if (totalMs - offsetMs <= windowMs + TAIL_SLACK_MS) return totalMs;
  const target = offsetMs + windowMs;
  const low = Math.max(target - CUT_SEARCH_MS, offsetMs + Math.ceil(windowMs / 2));
  const high = Math.min(target + CUT_SEARCH_MS, totalMs - CUT_GRID_MS);
  let best: { length: number; distance: number; cut: number } | null = null;
  for (let i = 0; i <= regions.length; i++) {
    const a = Math.max(low, i === 0 ? 0 : regions[i - 1]!.t1Ms);
    const b = Math.min(high, i === regions.length ? totalMs : regions[i]!.t0Ms);
    if (b <= a) continue;
    const cut = Math.round((a + b) / 2 / CUT_GRID_MS) * CUT_GRID_MS;
    const candidate = { length: b - a, distance: Math.abs(cut - target), cut };
    if (!best || candidate.length > best.length || (candidate.length === best.length && candidate.distance < best.distance)) best = candidate;
  }
  return best ? Math.min(totalMs, Math.max(offsetMs + CUT_GRID_MS, best.cut)) : null;
}

/** The next window: [offsetMs, endMs), and whether it is skipped non-speech (committed with no segments, never decoded). */
export interface SpeechWindow {
  endMs: number;
  skip: boolean;
}

/**
 * The window that starts at `offsetMs`, given the file's speech regions:
 * - inside a skipped stretch (skippedStretches): that stretch, to its end, skipped;
 * - else, when a skipped stretch starts within windowMs + TAIL_SLACK_MS: a window up to its start;
 * - else a window cut by pauseCut, or where no pause lies near the nominal end, at `loudnessCut()` (the quietest
 *   stretch, native/audio nextWindowEnd), never past the next skipped stretch.
 * Throws RangeError on nonsense arguments (windowMs ≤ 0, offsetMs outside [0, totalMs)); rejects with whatever
 * `loudnessCut` rejects with.
 */
export async function nextSpeechWindow(
  regions: readonly SpeechRegion[],
  offsetMs: number,
  windowMs: number,
  totalMs: number,
  loudnessCut: () => Promise<number>,
): Promise<SpeechWindow> {
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);
  if (!(offsetMs >= 0 && offsetMs < totalMs)) throw new RangeError(`offsetMs ${offsetMs} is outside [0, ${totalMs})`);
  const stretches = skippedStretches(regions, totalMs);
  const inside = stretches.find(([a, b]) => a <= offsetMs && offsetMs < b);
  if (inside) return { endMs: inside[1], skip: true };
  const next = stretches.find(([a]) => a > offsetMs);
  if (next && next[0] - offsetMs <= windowMs + TAIL_SLACK_MS) return { endMs: next[0], skip: false };
  const cut = pauseCut(regions, offsetMs, windowMs, totalMs) ?? (await loudnessCut());
  return { endMs: Math.min(next?.[0] ?? totalMs, Math.max(offsetMs + 1, cut)), skip: false };
}
