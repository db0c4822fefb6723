import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hzToMel, melToHz, whisperMelFilters } from '../../../../../native/models/convert/mel-filters.js';

// SHA-256 of the float32 data of openai/whisper `whisper/assets/mel_filters.npz` (mel_80.npy and mel_128.npy after
// their 128-byte .npy headers), taken from the openai-whisper 20250625 sdist on PyPI. whisper.cpp's published models
// embed the same mel_80 matrix, so matching it bit for bit means our converted files carry the exact filterbank.
const OPENAI_MEL_SHA256: Record<number, string> = {
  80: '4f2701b1d287d74a0dc9871026e9519d98cb76426615f2539b0d151a0ae4ec2e',
  128: '2a5f9822897750e047c85dea37cc268d3be0ecfd23c28a5f10da129d99d05afe',
};

describe('whisperMelFilters', () => {
  it.each([80, 128])('reproduces OpenAI mel_%i bit for bit', (n) => {
    const f = whisperMelFilters(n);
    expect(f.length).toBe(n * 201);
    const sha = createHash('sha256').update(Buffer.from(f.buffer, f.byteOffset, f.byteLength)).digest('hex');
    expect(sha).toBe(OPENAI_MEL_SHA256[n]);
  });

  it('uses the Slaney mel scale (linear below 1 kHz)', () => {
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(8000)).toBeCloseTo(45.245640471924965, 12);
    for (const f of [0, 40, 999, 1000, 4000, 8000]) expect(melToHz(hzToMel(f))).toBeCloseTo(f, 9);
  });
});
