import fs from 'node:fs';
import wavefile from 'wavefile';
import { describe, expect, it } from 'vitest';
import { EarshotError } from '../../../../electron/shared/errors.js';
import { nextWindowEnd, planWindows, quietestCentreMs } from '../../../../native/audio/windows.js';
import { ffmpeg, makeSpeechWithSilence } from '../../../helpers/media-fixtures.js';
import { JFK_WAV } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

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

/** Replaces [fromMs, toMs) of `s` with fresh noise of amplitude ±`amplitude` (0: digital silence). */
function quieten(s: Int16Array, rate: number, fromMs: number, toMs: number, amplitude: number): void {
  const from = (fromMs / 1000) * rate;
  const quiet = noise((toMs / 1000) * rate - from, fromMs + 3);
  for (let i = 0; i < quiet.length; i++) s[from + i] = amplitude === 0 ? 0 : Math.round((quiet[i]! * amplitude) / 2000);
}

/** Writes `samples` as a 16 kHz mono 16-bit WAV, the format convertToWav produces. */
function writeWav(file: string, samples: Int16Array): string {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, 16000, '16', samples);
  fs.writeFileSync(file, wav.toBuffer());
  return file;
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

  it('ranks stretches by loudness, not by order or by nearness to the preferred time', () => {
    const s = noise(16000 * 5, 7); // 5 s of ±2000
    quieten(s, 16000, 500, 900, 800); // first, and the one around preferMs
    quieten(s, 16000, 3600, 4000, 100); // quietest, latest and farthest
    quieten(s, 16000, 2000, 2400, 400);
    const centre = quietestCentreMs(s, 16000, 700);
    expect(centre).toBeGreaterThanOrEqual(3700);
    expect(centre).toBeLessThanOrEqual(3900);
  });
});

describe('nextWindowEnd on constructed signals', () => {
  it('cuts at the quietest stretch within ±5 s of the nominal end, not at a quieter one outside', async () => {
    const s = noise(16000 * 40, 11); // 40 s of ±2000
    quieten(s, 16000, 13_800, 14_400, 0); // silence just before the search (centres 15-25 s)
    quieten(s, 16000, 25_600, 26_200, 0); // and just after it
    quieten(s, 16000, 19_600, 20_000, 600); // a soft dip right at the nominal end
    quieten(s, 16000, 23_000, 23_400, 100); // the quietest stretch inside the search
    const wav = writeWav(`${tempDir()}/dips.wav`, s);
    const end = await nextWindowEnd(wav, 0, 20_000, 40_000);
    expect(end).toBeGreaterThanOrEqual(23_100);
    expect(end).toBeLessThanOrEqual(23_300);
  });

  it('never cuts before half a window, even at a digital silence inside the ±5 s search', async () => {
    const s = noise(16000 * 20, 13);
    quieten(s, 16000, 2_000, 2_600, 0); // 4 s before the nominal end (6 s), but before 3 s
    quieten(s, 16000, 8_400, 8_800, 300);
    const wav = writeWav(`${tempDir()}/early-silence.wav`, s);
    const end = await nextWindowEnd(wav, 0, 6_000, 20_000);
    expect(end).toBeGreaterThanOrEqual(8_500);
    expect(end).toBeLessThanOrEqual(8_700);
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
