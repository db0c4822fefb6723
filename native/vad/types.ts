import { z } from 'zod';

/**
 * Shapes of voice activity detection (VAD). Each is a zod schema (results cross a worker-thread boundary and are
 * stored in SQLite, and are parsed on arrival) with its type inferred under the same name. Times are milliseconds
 * from the start of the 16 kHz WAV the job converted its input to.
 */

/** One stretch the detector heard speech in: [t0Ms, t1Ms), Silero's own padding included. */
export const SpeechRegion = z
  .object({ t0Ms: z.number().int().nonnegative(), t1Ms: z.number().int().nonnegative() })
  .refine((r) => r.t1Ms > r.t0Ms, { message: 't1Ms must be after t0Ms' });
export type SpeechRegion = z.infer<typeof SpeechRegion>;

/**
 * Silero's `get_speech_timestamps` settings: speech starts on a frame whose probability is at least `threshold` and
 * ends after `minSilenceMs` below `threshold - 0.15`; regions shorter than `minSpeechMs` are dropped and each region
 * is widened by `speechPadMs` on both sides (never into its neighbour). The Python package's defaults, except
 * `minSilenceMs`: 300 instead of 100, so a breath inside a phrase does not split it (on jfk.wav 100 ms splits "ask
 * not what your country" at a 160 ms dip; 300 ms gives its four phrases). Windows are cut in pauses, and a pause
 * shorter than that is no place to cut anyway.
 */
export const VadSettings = z.object({
  threshold: z.number().gt(0).lt(1).default(0.5),
  minSpeechMs: z.number().int().nonnegative().default(250),
  minSilenceMs: z.number().int().nonnegative().default(300),
  speechPadMs: z.number().int().nonnegative().default(30),
});
export type VadSettings = z.infer<typeof VadSettings>;
export type VadSettingsInput = z.input<typeof VadSettings>;

/** What one run of the detector over one file found, and what it cost. */
export const VadResult = z.object({
  /** Speech regions, in order, not overlapping. */
  regions: z.array(SpeechRegion),
  /** Duration of the audio the detector read, ms. */
  totalMs: z.number().int().nonnegative(),
  /** Wall time of the detection (model load included), ms. */
  elapsedMs: z.number().nonnegative(),
  /** Which detector and weights, e.g. "silero-vad v6.2 (onnxruntime 1.30.0)". */
  detector: z.string(),
});
export type VadResult = z.infer<typeof VadResult>;

/** Total speech in `regions`, ms. */
export function speechMs(regions: readonly SpeechRegion[]): number {
  return regions.reduce((sum, r) => sum + (r.t1Ms - r.t0Ms), 0);
}
