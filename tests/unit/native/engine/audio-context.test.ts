import { describe, expect, it } from 'vitest';
import { AUDIO_CTX_MIN, AUDIO_CTX_STEP, FULL_AUDIO_CTX, sizedAudioCtx, sizedPassSuspect } from '../../../../native/engine/audio-context.js';

const seg = (text: string, t0: number, t1: number) => ({ text, t0, t1 });

describe('sizedAudioCtx', () => {
  it('covers the audio plus the margin in 20 ms frames, in whole steps, never under the minimum', () => {
    const ctx = sizedAudioCtx(11_000)!;
    expect(ctx % AUDIO_CTX_STEP).toBe(0);
    expect(ctx * 20).toBeGreaterThanOrEqual(12_000);
    expect(ctx * 20).toBeLessThan(12_000 + AUDIO_CTX_STEP * 20);
    expect(sizedAudioCtx(1_000)).toBe(AUDIO_CTX_MIN);
  });

  it("leaves windows of about 28 s and more to whisper's full context", () => {
    expect(sizedAudioCtx(27_000)).toBeLessThan(FULL_AUDIO_CTX);
    expect(sizedAudioCtx(29_500)).toBeUndefined();
    expect(sizedAudioCtx(120_000)).toBeUndefined();
  });
});

describe('sizedPassSuspect', () => {
  it('accepts a plain transcript of the audio', () => {
    expect(sizedPassSuspect({ segments: [seg(' And so my fellow Americans, ask not.', 0, 4000)] }, 5000)).toBe(false);
  });

  it('flags no text, a loop, more text than the audio holds, and times past the audio', () => {
    expect(sizedPassSuspect({ segments: [] }, 5000)).toBe(true);
    expect(sizedPassSuspect({ segments: [seg(' ', 0, 1000)] }, 5000)).toBe(true);
    expect(sizedPassSuspect({ segments: [seg(' The large window. The large window. The large window.', 0, 2500)] }, 2500)).toBe(true);
    // 40 different words (no repeat) in 2 s of audio.
    expect(sizedPassSuspect({ segments: [seg(` ${Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')}`, 0, 2000)] }, 2000)).toBe(true);
    expect(sizedPassSuspect({ segments: [seg(' Alice painted the door.', 0, 9000)] }, 3000)).toBe(true);
  });
});
