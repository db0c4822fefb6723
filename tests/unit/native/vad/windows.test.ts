import { describe, expect, it } from 'vitest';
import { SKIP_MIN_MS, SPEECH_MARGIN_MS, nextSpeechWindow, pauseCut, skippedStretches } from '../../../../native/vad/windows.js';
import { RegionTracker } from '../../../../native/vad/speech-regions.js';
import { VadSettings } from '../../../../native/vad/types.js';

/** Regions from [startSec, endSec] pairs. */
const speech = (...pairs: Array<[number, number]>) => pairs.map(([a, b]) => ({ t0Ms: a * 1000, t1Ms: b * 1000 }));
const never = () => Promise.reject(new Error('the loudness fallback was not expected here'));

describe('skippedStretches', () => {
  it('skips long gaps less a margin beside speech, the file start and end included, and never short gaps', () => {
    const regions = speech([10, 20], [22, 30], [40, 50]);
    expect(skippedStretches(regions, 60_000)).toEqual([
      [0, 9_000],
      [31_000, 39_000],
      [51_000, 60_000],
    ]);
  });

  it('skips a gap only when SKIP_MIN_MS is left after the margins', () => {
    const just = 2 * SPEECH_MARGIN_MS + SKIP_MIN_MS;
    expect(skippedStretches([{ t0Ms: 0, t1Ms: 1000 }, { t0Ms: 1000 + just, t1Ms: 2000 + just }], 2000 + just)).toHaveLength(1);
    expect(skippedStretches([{ t0Ms: 0, t1Ms: 1000 }, { t0Ms: 999 + just, t1Ms: 2000 + just }], 2000 + just)).toHaveLength(0);
  });

  it('skips the whole file when there is no speech', () => {
    expect(skippedStretches([], 90_000)).toEqual([[0, 90_000]]);
  });

  it('refuses regions out of order or past the end', () => {
    expect(() => skippedStretches(speech([5, 6], [4, 7]), 10_000)).toThrow(RangeError);
    expect(() => skippedStretches(speech([5, 11]), 10_000)).toThrow(RangeError);
  });
});

describe('pauseCut', () => {
  it('cuts in the middle of the longest pause within ±5 s of the nominal end', () => {
    // Nominal end 120 s; pauses at 116.0-116.4 (0.4 s), 121.0-122.0 (1 s), 124.0-124.5 (0.5 s).
    const regions = speech([0, 116], [116.4, 121], [122, 124], [124.5, 300]);
    expect(pauseCut(regions, 0, 120_000, 300_000)).toBe(121_500);
  });

  it('measures a pause only inside the search span and prefers the one nearer the nominal end on a tie', () => {
    // A 3 s pause of which 1 s lies inside the span (124-125) ties with a 1 s pause at 117-118: the nearer one wins.
    const regions = speech([0, 117], [118, 124], [127, 300]);
    expect(pauseCut(regions, 0, 120_000, 300_000)).toBe(117_500);
  });

  it('returns null where no pause lies near the nominal end, and the end of the file for a short remainder', () => {
    expect(pauseCut(speech([0, 300]), 0, 120_000, 300_000)).toBeNull();
    expect(pauseCut(speech([0, 300]), 180_000, 120_000, 300_000)).toBe(300_000);
  });

  it('never cuts before half a window', () => {
    const regions = speech([0, 50], [70, 300]);
    expect(pauseCut(regions, 0, 100_000, 300_000)).toBeNull();
  });
});

describe('nextSpeechWindow', () => {
  const regions = speech([0, 11], [161, 172]);

  it('ends a window where a skipped stretch starts, skips the stretch, then goes on', async () => {
    const first = await nextSpeechWindow(regions, 0, 120_000, 172_000, never);
    expect(first).toEqual({ endMs: 12_000, skip: false });
    const gap = await nextSpeechWindow(regions, first.endMs, 120_000, 172_000, never);
    expect(gap).toEqual({ endMs: 160_000, skip: true });
    expect(await nextSpeechWindow(regions, gap.endMs, 120_000, 172_000, never)).toEqual({ endMs: 172_000, skip: false });
  });

  it('skips from mid-stretch (a job resumed at an offset planned without VAD)', async () => {
    expect(await nextSpeechWindow(regions, 50_000, 120_000, 172_000, never)).toEqual({ endMs: 160_000, skip: true });
  });

  it('falls back to the loudness cut where no pause is near, never past the next skipped stretch', async () => {
    const long = speech([0, 400], [420, 430]);
    expect(await nextSpeechWindow(long, 0, 120_000, 430_000, () => Promise.resolve(118_730))).toEqual({ endMs: 118_730, skip: false });
    expect(await nextSpeechWindow(long, 300_000, 120_000, 430_000, () => Promise.resolve(420_000))).toEqual({ endMs: 401_000, skip: false });
  });

  it('gives the same windows for the same regions (resume relies on it) and tiles the file', async () => {
    const plan = async () => {
      const out: Array<[number, number, boolean]> = [];
      for (let at = 0; at < 172_000; ) {
        const w = await nextSpeechWindow(regions, at, 30_000, 172_000, () => Promise.resolve(at + 30_000));
        out.push([at, w.endMs, w.skip]);
        at = w.endMs;
      }
      return out;
    };
    const a = await plan();
    expect(await plan()).toEqual(a);
    expect(a.map(([, , skip]) => skip)).toEqual([false, true, false]);
  });

  it('refuses nonsense offsets and windows', async () => {
    await expect(nextSpeechWindow(regions, 172_000, 120_000, 172_000, never)).rejects.toThrow(RangeError);
    await expect(nextSpeechWindow(regions, 0, 0, 172_000, never)).rejects.toThrow(RangeError);
  });
});

describe('RegionTracker (Silero get_speech_timestamps)', () => {
  const frames = (probs: number[]) => {
    const t = new RegionTracker(VadSettings.parse({}), 16_000);
    probs.forEach((p, i) => t.push(p, i * 512));
    return t.finish(probs.length * 512);
  };

  it('opens on the threshold, closes after the minimum silence, pads both sides', () => {
    // 10 frames of speech (320 ms) between silences; 300 ms of silence ends it; 30 ms pad.
    const probs = [...Array(10).fill(0.1), ...Array(10).fill(0.9), ...Array(20).fill(0.05)];
    expect(frames(probs)).toEqual([{ t0Ms: 290, t1Ms: 670 }]);
  });

  it('keeps a short dip inside speech, drops speech shorter than the minimum', () => {
    const dip = [...Array(10).fill(0.9), ...Array(5).fill(0.1), ...Array(10).fill(0.9), ...Array(20).fill(0)];
    expect(frames(dip)).toHaveLength(1);
    expect(frames([...Array(5).fill(0.9), ...Array(20).fill(0)])).toEqual([]);
  });

  it('ends a region still open at the end of the file', () => {
    expect(frames([...Array(5).fill(0), ...Array(20).fill(0.9)])).toEqual([{ t0Ms: 130, t1Ms: 800 }]);
  });
});
