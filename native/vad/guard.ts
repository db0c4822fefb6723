import type { SpeechRegion } from './types.js';

/**
 * How far a segment may lie from speech and still be kept, ms. whisper's segment times are loose by a few hundred
 * ms (tiny.en on the 6-minute test file: starts up to about 0.4 s before the speech the VAD found), so a segment is
 * dropped only when it lies wholly outside every speech region widened by this much.
 */
export const SPEECH_GUARD_PAD_MS = 500;

/**
 * Whether the segment [t0Ms, t1Ms] (ms from the start of the file) lies entirely outside every region of `regions`
 * widened by `padMs` on both sides, i.e. whisper wrote it where the VAD heard no speech. Pure.
 */
export function outsideSpeech(segment: { t0Ms: number; t1Ms: number }, regions: readonly SpeechRegion[], padMs = SPEECH_GUARD_PAD_MS): boolean {
  return !regions.some((r) => segment.t0Ms < r.t1Ms + padMs && segment.t1Ms > r.t0Ms - padMs);
}
