import { describe, expect, it } from 'vitest';
import { EarshotError } from '../../../../electron/shared/errors.js';
import { detectSpeech } from '../../../../native/vad/index.js';
import { silenceAndMusic } from '../../../../bench/speech-fixtures.js';
import { JFK_WAV } from '../../../helpers/paths.js';

/** jfk.wav's four phrases, as Silero v6.2 finds them (seconds). */
const JFK_PHRASES: Array<[number, number]> = [
  [0.3, 2.3],
  [3.3, 4.4],
  [5.4, 7.7],
  [8.2, 10.6],
];

describe('voice activity detection (Silero VAD v6.2 in onnxruntime-node, in a worker thread)', () => {
  it('finds the four phrases of jfk.wav within 300 ms, off the main thread', async () => {
    // The event loop keeps ticking while the worker reads the file: nothing here waits on it synchronously.
    let ticks = 0;
    let worstGapMs = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worstGapMs = Math.max(worstGapMs, now - last);
      last = now;
      ticks++;
    }, 5);
    const result = await detectSpeech(JFK_WAV).finally(() => clearInterval(timer));
    expect(result.totalMs).toBe(11_000);
    expect(result.detector).toMatch(/^silero-vad v6\.2 /);
    expect(result.regions).toHaveLength(JFK_PHRASES.length);
    result.regions.forEach((r, i) => {
      expect(Math.abs(r.t0Ms - JFK_PHRASES[i]![0] * 1000), `phrase ${i} start ${r.t0Ms} ms`).toBeLessThanOrEqual(300);
      expect(Math.abs(r.t1Ms - JFK_PHRASES[i]![1] * 1000), `phrase ${i} end ${r.t1Ms} ms`).toBeLessThanOrEqual(300);
    });
    expect(ticks).toBeGreaterThan(0);
    console.log(`VAD on jfk.wav: ${result.elapsedMs} ms in the worker; the main thread's longest pause meanwhile ${worstGapMs.toFixed(0)} ms`);
  });

  it('hears no speech in 60 s of silence, 60 s of white noise and 30 s of tones', async () => {
    const fixture = silenceAndMusic();
    const { regions } = await detectSpeech(fixture.wav);
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.filter((r) => r.t1Ms > fixture.gapStartMs && r.t0Ms < fixture.gapEndMs)).toEqual([]);
  });

  it('rejects a missing file with FILE_MISSING and an aborted signal with CANCELLED', async () => {
    await expect(detectSpeech('/nonexistent/audio.wav')).rejects.toMatchObject({ code: 'FILE_MISSING' });
    const controller = new AbortController();
    const pending = detectSpeech(silenceAndMusic().wav, { signal: controller.signal });
    controller.abort();
    const err: unknown = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EarshotError);
    expect(err).toMatchObject({ code: 'CANCELLED' });
  });
});
