import { describe, expect, it } from 'vitest';
import { MIN_WORD_MS, refineWordEdges, tokensToWords } from '../../../../native/engine/words.js';

const tok = (text: string, t0: number, t1: number, p = 0.9) => ({ text, t0, t1, p });

describe('tokensToWords', () => {
  it('starts a word at each leading space and joins continuations and punctuation to the word before', () => {
    const words = tokensToWords([tok(' Amer', 100, 300, 0.9), tok('icans', 300, 600, 0.4), tok(',', 600, 610), tok(' ask', 900, 1200)], 0, 2000);
    expect(words.map((w) => w.text)).toEqual([' Americans,', ' ask']);
    expect(words[0]).toMatchObject({ t0Ms: 100, t1Ms: 610, p: 0.4 });
    expect(words[1]).toMatchObject({ t0Ms: 900, t1Ms: 1200, p: 0.9 });
  });

  it('keeps words inside the segment, in order, and at least MIN_WORD_MS long', () => {
    const words = tokensToWords([tok(' a', 50, 80), tok(' b', 40, 40), tok(' c', 990, 1500)], 100, 1000);
    for (const w of words) {
      expect(w.t0Ms).toBeGreaterThanOrEqual(100);
      expect(w.t1Ms).toBeLessThanOrEqual(1000);
      expect(w.t1Ms - w.t0Ms).toBeGreaterThanOrEqual(MIN_WORD_MS);
    }
    expect(words.map((w) => w.t0Ms)).toEqual([...words.map((w) => w.t0Ms)].sort((x, y) => x - y));
  });

  it('gives no words when whisper did not time the tokens', () => {
    expect(tokensToWords([tok(' hello', -10, -10)], 0, 1000)).toEqual([]);
  });
});

describe('refineWordEdges', () => {
  /** 16 kHz samples: silence, except a 1 kHz tone of amplitude 8000 over each [t0, t1) ms span given. */
  const audio = (ms: number, sounds: Array<[number, number]>) => {
    const pcm = new Int16Array(ms * 16);
    for (const [t0, t1] of sounds) for (let i = t0 * 16; i < t1 * 16; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 16000));
    return pcm;
  };
  const seg = (words: Array<[string, number, number]>) => ({
    t0Ms: 0,
    t1Ms: 3000,
    text: words.map((w) => w[0]).join(''),
    words: words.map(([text, t0Ms, t1Ms]) => ({ text, t0Ms, t1Ms, p: 1 })),
  });

  it('moves a word that starts in the pause before it to its first sound, and its end to its last', () => {
    const pcm = audio(3000, [[500, 1000], [1600, 2100]]);
    const [out] = refineWordEdges([seg([[' one', 500, 1000], [' two', 1000, 2400]])], pcm, 0);
    expect(out!.words![1]).toMatchObject({ t0Ms: 1600, t1Ms: 2100 });
    expect(out!.words![0]).toMatchObject({ t0Ms: 500, t1Ms: 1000 });
  });

  it('drops the neighbour tail a word ran into across a pause, keeping the side with more sound', () => {
    const pcm = audio(3000, [[500, 1000], [1400, 2000]]);
    // whisper ended "one" early and started "two" inside it.
    const [out] = refineWordEdges([seg([[' one', 500, 900], [' two', 900, 2000]])], pcm, 0);
    expect(out!.words![1]).toMatchObject({ t0Ms: 1400, t1Ms: 2000 });
  });

  it('leaves words in continuous sound where they are, and works in file time', () => {
    const pcm = audio(3000, [[0, 3000]]);
    const s = { ...seg([[' one', 10500, 11000], [' two', 11000, 11800]]), t0Ms: 10000, t1Ms: 13000 };
    const [out] = refineWordEdges([s], pcm, 10000);
    expect(out!.words).toEqual(s.words);
  });
});
