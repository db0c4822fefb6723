import type { SpeechRegion } from './types.js';
import { SPEECH_MARGIN_MS } from './windows.js';

/**
 * How far a segment may lie from speech and still be kept, ms: the SPEECH_MARGIN_MS of audio a window keeps before
 * speech. whisper's times are loose at a window's start: with a 500 ms pad, tiny.en's "7." for the name that opened a
 * paragraph (the paused-speech test file) was timed wholly inside that margin, before the speech, and dropped. So a
 * segment is dropped only when it lies wholly outside every speech region widened by this much.
 */
export const SPEECH_GUARD_PAD_MS = SPEECH_MARGIN_MS;

/**
 * Whether the segment [t0Ms, t1Ms] (ms from the start of the file) lies entirely outside every region of `regions`
 * widened by `padMs` on both sides, i.e. whisper wrote it where the VAD heard no speech. Pure.
 */
export function outsideSpeech(segment: { t0Ms: number; t1Ms: number }, regions: readonly SpeechRegion[], padMs = SPEECH_GUARD_PAD_MS): boolean {
  return !regions.some((r) => segment.t0Ms < r.t1Ms + padMs && segment.t1Ms > r.t0Ms - padMs);
}
