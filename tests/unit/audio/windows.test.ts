import { describe, expect, it } from 'vitest';
import { EarshotError } from '../../../electron/shared/errors.js';
import { nextWindowEnd, planWindows, quietestCentreMs } from '../../../native/audio/windows.js';
import { ffmpeg, makeSpeechWithSilence } from '../../helpers/media-fixtures.js';
import { JFK_WAV } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir('earshot-windows-');

/** Deterministic "speech-like" noise: a fixed LCG, amplitude ±2000. */
function noise(n: number, seed = 1): Int16Array {
  const out = new Int16Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = (x % 4001) - 2000;
  }
  return out;
}

describe('quietestCentreMs', () => {
  it('finds a quiet stretch in loud samples, on the 10 ms grid', () => {
    const s = noise(16000 * 4); // 4 s at 16 kHz
    s.fill(0, 16000 * 2.5, 16000 * 2.5 + 3200 * 2); // 400 ms of silence from 2500 ms
    const centre = quietestCentreMs(s, 16000, 0);
    expect(centre).toBeGreaterThanOrEqual(2600);
    expect(centre).toBeLessThanOrEqual(2800);
    expect(centre % 10).toBe(0);
  });

  it('breaks ties towards the preferred time, so long silences cut near the nominal end', () => {
    const s = new Int16Array(16000 * 10); // 10 s of digital silence
    expect(quietestCentreMs(s, 16000, 6000)).toBe(6000);
    expect(quietestCentreMs(s, 16000, 0)).toBe(100);
  });

  it('is deterministic', () => {
    const s = noise(16000 * 3, 7);
    expect(quietestCentreMs(s, 16000, 1500)).toBe(quietestCentreMs(s, 16000, 1500));
  });
});

describe('nextWindowEnd on real speech', () => {
  it('cuts in a silence inserted between two JFK recordings', async () => {
    const fx = await makeSpeechWithSilence(tempDir(), { before: 2, silenceMs: 600, after: 1 });
    // Nominal end at 20 s; the silence sits at 22.0–22.6 s, within the ±5 s search.
    const end = await nextWindowEnd(fx.path, 0, 20_000, fx.durationMs);
    expect(end).toBeGreaterThanOrEqual(fx.silenceStartMs + 100);
    expect(end).toBeLessThanOrEqual(fx.silenceEndMs - 100);
    // Same inputs, same cut (resume relies on it).
    expect(await nextWindowEnd(fx.path, 0, 20_000, fx.durationMs)).toBe(end);
  });

  it('takes the rest whole when it is at most a window plus 5 s', async () => {
    expect(await nextWindowEnd(JFK_WAV, 0, 6_000, 11_000)).toBe(11_000);
    expect(await nextWindowEnd(JFK_WAV, 4_000, 120_000, 11_000)).toBe(11_000);
  });

  it('plans windows that cover the file with no gap or overlap', async () => {
    const fx = await makeSpeechWithSilence(tempDir(), { before: 2, silenceMs: 600, after: 1 });
    const windowMs = 7_000;
    const windows = await planWindows(fx.path, windowMs, fx.durationMs);
    expect(windows.length).toBeGreaterThan(2);
    expect(windows[0]![0]).toBe(0);
    expect(windows.at(-1)![1]).toBe(fx.durationMs);
    for (let i = 0; i < windows.length; i++) {
      const [start, end] = windows[i]!;
      expect(end).toBeGreaterThan(start);
      if (i > 0) expect(start).toBe(windows[i - 1]![1]);
      if (i < windows.length - 1) {
        expect(Math.abs(end - start - windowMs)).toBeLessThanOrEqual(5_000);
      } else {
        expect(end - start).toBeLessThanOrEqual(windowMs + 5_000);
      }
    }
    expect(await planWindows(fx.path, windowMs, fx.durationMs)).toEqual(windows);
  });

  it('rejects nonsense arguments and WAVs that are not 16 kHz mono 16-bit', async () => {
    await expect(nextWindowEnd(JFK_WAV, 0, 0, 11_000)).rejects.toThrow(RangeError);
    await expect(nextWindowEnd(JFK_WAV, 11_000, 5_000, 11_000)).rejects.toThrow(RangeError);
    const dir = tempDir();
    const stereo = `${dir}/stereo-44k.wav`;
    await ffmpeg(['-i', JFK_WAV, '-ac', '2', '-ar', '44100', '-c:a', 'pcm_s16le', stereo]);
    const err = await nextWindowEnd(stereo, 0, 2_000, 11_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EarshotError);
    expect((err as EarshotError).code).toBe('CONVERT_FAILED');
    expect((err as EarshotError).message).toContain(stereo);
  });
});
