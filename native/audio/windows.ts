import { readPcm16, readWavInfo, assertWhisperWav, type WavInfo } from './wav.js';

/**
 * Window planning for crash-safe transcription: a long file is transcribed in windows of about `windowMs`,
 * each cut in the quietest spot near its nominal end so no word is split between two windows.
 * All times are milliseconds from the start of the file; all cuts fall on the 10 ms hop grid.
 */

/** Length of the stretch whose loudness is measured, ms. */
export const QUIET_FRAME_MS = 200;
/** Step between candidate stretches, ms. */
export const QUIET_HOP_MS = 10;
/** How far before or after the nominal end a cut may move, ms. */
export const CUT_SEARCH_MS = 5_000;
/** A remainder up to windowMs + this is taken whole rather than leaving a sliver of a last window, ms. */
export const TAIL_SLACK_MS = 5_000;

/**
 * The quietest `frameMs` stretch of `samples` (mono, any rate), scanned with a `hopMs` step, by RMS.
 * Returns the offset of its centre in ms from samples[0]. Ties go to the candidate nearest `preferMs`
 * (then the earlier one), so long digital silences cut near the nominal end. Pure and deterministic.
 * If `samples` is shorter than one frame, returns half its length.
 */
export function quietestCentreMs(
  samples: Int16Array,
  sampleRate: number,
  preferMs: number,
  frameMs = QUIET_FRAME_MS,
  hopMs = QUIET_HOP_MS,
): number {
  const frame = Math.round((frameMs / 1000) * sampleRate);
  const hop = Math.max(1, Math.round((hopMs / 1000) * sampleRate));
  if (samples.length < frame) return Math.round((samples.length / 2 / sampleRate) * 1000);
  // Prefix sums of squares make every frame's energy O(1); integers up to 2^30 per sample, exact in float64
  // for any window planner input (< 2^22 samples per search span).
  const prefix = new Float64Array(samples.length + 1);
  for (let i = 0; i < samples.length; i++) prefix[i + 1] = prefix[i]! + samples[i]! * samples[i]!;
  let bestStart = 0;
  let bestEnergy = Infinity;
  let bestDistance = Infinity;
  for (let start = 0; start + frame <= samples.length; start += hop) {
    const energy = prefix[start + frame]! - prefix[start]!;
    const centreMs = ((start + frame / 2) / sampleRate) * 1000;
    const distance = Math.abs(centreMs - preferMs);
    if (energy < bestEnergy || (energy === bestEnergy && distance < bestDistance)) {
      bestEnergy = energy;
      bestDistance = distance;
      bestStart = start;
    }
  }
  return Math.round(((bestStart + frame / 2) / sampleRate) * 1000);
}

/**
 * Where the window that starts at `offsetMs` ends, in ms from the start of the file.
 *
 * - If what is left (`totalMs - offsetMs`) is at most `windowMs + 5 s`, returns `totalMs` (the last window).
 * - Otherwise the cut is the centre of the quietest 200 ms stretch (lowest RMS, 10 ms hop) whose centre lies
 *   within ±5 s of `offsetMs + windowMs` — and at least half a window after `offsetMs`, so every window moves on.
 *
 * Reads only that ±5 s span of the WAV (a 16 kHz mono 16-bit file, as convertToWav writes), never the whole file.
 * Deterministic: the same file and arguments give the same cut, which resume relies on.
 * Throws RangeError on nonsense arguments (windowMs ≤ 0, offsetMs outside [0, totalMs)); EarshotError
 * CONVERT_FAILED when the file is not a 16 kHz mono 16-bit WAV.
 */
export async function nextWindowEnd(wavPath: string, offsetMs: number, windowMs: number, totalMs: number): Promise<number> {
  if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);
  if (!(offsetMs >= 0 && offsetMs < totalMs)) throw new RangeError(`offsetMs ${offsetMs} is outside [0, ${totalMs})`);
  if (totalMs - offsetMs <= windowMs + TAIL_SLACK_MS) return totalMs;

  const info = await readWavInfo(wavPath);
  assertWhisperWav(wavPath, info);
  const target = offsetMs + windowMs;
  const lowCentre = Math.max(target - CUT_SEARCH_MS, offsetMs + Math.ceil(windowMs / 2));
  const highCentre = Math.min(target + CUT_SEARCH_MS, totalMs - QUIET_FRAME_MS);
  // Candidate frames span [centre - 100 ms, centre + 100 ms]; read exactly the samples they can cover.
  const spanStartMs = Math.max(0, lowCentre - QUIET_FRAME_MS / 2);
  const spanEndMs = highCentre + QUIET_FRAME_MS / 2;
  const samples = await readSpan(wavPath, info, spanStartMs, spanEndMs);
  if (samples.length === 0) return Math.min(totalMs, Math.max(offsetMs + 1, target));
  const centre = spanStartMs + quietestCentreMs(samples, info.sampleRate, target - spanStartMs);
  return Math.min(totalMs, Math.max(offsetMs + 1, centre));
}

async function readSpan(path: string, info: WavInfo, startMs: number, endMs: number): Promise<Int16Array> {
  const startFrame = Math.round((startMs / 1000) * info.sampleRate);
  const endFrame = Math.round((endMs / 1000) * info.sampleRate);
  return readPcm16(path, info, startFrame, endFrame - startFrame);
}

/**
 * Every window of a file, in order, as [startMs, endMs) pairs that cover [0, totalMs) with no gap or overlap:
 * the windows nextWindowEnd gives, chained. For tests, benchmarks and previews; the job runner calls
 * nextWindowEnd one window at a time so it can resume mid-file.
 */
export async function planWindows(wavPath: string, windowMs: number, totalMs: number): Promise<Array<[number, number]>> {
  const windows: Array<[number, number]> = [];
  let offset = 0;
  while (offset < totalMs) {
    const end = await nextWindowEnd(wavPath, offset, windowMs, totalMs);
    windows.push([offset, end]);
    offset = end;
  }
  return windows;
}
