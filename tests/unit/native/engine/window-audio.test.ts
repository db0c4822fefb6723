import { describe, expect, it } from 'vitest';
import { SAMPLES_PER_MS, WINDOW_LEAD_IN_MS, toFileTime, windowAudio } from '../../../../native/engine/window-audio.js';

/** `ms` of 16 kHz PCM whose every byte is 0x7f (so silence added around it is easy to tell apart). */
const loud = (ms: number) => new Uint8Array(ms * SAMPLES_PER_MS * 2).fill(0x7f);

describe('windowAudio', () => {
  it('hands the start of a file to whisper as it is', () => {
    const pcm = loud(1_000);
    const { audio, leadInMs } = windowAudio(pcm, 0);
    expect(leadInMs).toBe(0);
    expect(new Uint8Array(audio)).toEqual(pcm);
  });

  it('puts WINDOW_LEAD_IN_MS of silence before a window that starts mid-file', () => {
    const pcm = loud(1_000);
    const { audio, leadInMs } = windowAudio(pcm, 122_510);
    expect(leadInMs).toBe(WINDOW_LEAD_IN_MS);
    expect(WINDOW_LEAD_IN_MS).toBeGreaterThan(0);
    const bytes = new Uint8Array(audio);
    const leadBytes = WINDOW_LEAD_IN_MS * SAMPLES_PER_MS * 2;
    expect(bytes.length).toBe(leadBytes + pcm.length);
    expect(bytes.subarray(0, leadBytes).every((b) => b === 0)).toBe(true);
    expect(bytes.subarray(leadBytes)).toEqual(pcm);
  });
});

describe('toFileTime', () => {
  const seg = (t0: number, t1: number, text = ' x') => ({ t0, t1, text });

  it('takes the lead-in off and moves times to the file clock', () => {
    expect(toFileTime([seg(500, 2_500), seg(2_500, 4_000)], 120_000, 10_000, 500)).toEqual([
      { t0Ms: 120_000, t1Ms: 122_000, text: ' x' },
      { t0Ms: 122_000, t1Ms: 123_500, text: ' x' },
    ]);
  });

  it('clamps into the window: nothing before its start (inside the lead-in) or past its end', () => {
    expect(toFileTime([seg(0, 300), seg(9_000, 13_000)], 60_000, 10_000, 500)).toEqual([
      { t0Ms: 60_000, t1Ms: 60_000, text: ' x' },
      { t0Ms: 68_500, t1Ms: 70_000, text: ' x' },
    ]);
  });

  it('rounds fractional ms and keeps t1 ≥ t0', () => {
    expect(toFileTime([seg(1_000.4, 999.6)], 0, 5_000, 0)).toEqual([{ t0Ms: 1_000, t1Ms: 1_000, text: ' x' }]);
  });
});
