import { describe, expect, it } from 'vitest';
import { layoutSegment, wrapLines } from '../../../../../electron/services/transcripts/cue-layout.js';

const words = (text: string, t0: number, step: number) =>
  text.split(' ').map((w, i) => ({ text: ` ${w}`, t0Ms: t0 + i * step, t1Ms: t0 + i * step + step - 50, p: 1 }));

describe('wrapLines', () => {
  it('breaks at spaces within the limit and never cuts a word', () => {
    expect(wrapLines(['and', 'so', 'my', 'fellow', 'Americans'], 10)).toEqual(['and so my', 'fellow', 'Americans']);
    expect(wrapLines(['incomprehensibilities'], 10)).toEqual(['incomprehensibilities']);
  });
});

describe('layoutSegment', () => {
  const text = ' And so my fellow Americans ask not what your country can do for you';

  it('gives one cue a segment, on one line, when no line length is set', () => {
    expect(layoutSegment({ t0Ms: 0, t1Ms: 8000, text }, {})).toEqual([{ start: 0, end: 8000, text: text.trim() }]);
  });

  it('splits a segment into cues of at most the cue length, lines of at most the line length, timed by its words', () => {
    const seg = { t0Ms: 0, t1Ms: 8000, text, original: null, words: words(text.trim(), 300, 500) };
    const cues = layoutSegment(seg, { maxLineChars: 20, maxCueChars: 20 });
    expect(cues.length).toBeGreaterThan(1);
    for (const c of cues) for (const line of c.text.split('\n')) expect(line.length).toBeLessThanOrEqual(20);
    expect(cues.map((c) => c.text).join(' ')).toBe(text.trim());
    expect(cues[0]!.start).toBe(0);
    expect(cues[cues.length - 1]!.end).toBe(8000);
    // A middle cue starts where its first word starts.
    const second = cues[1]!;
    const firstWord = seg.words.find((w) => w.text.trim() === second.text.split(/\s/)[0]);
    expect(second.start).toBe(firstWord!.t0Ms);
    for (let i = 1; i < cues.length; i++) expect(cues[i]!.start).toBeGreaterThanOrEqual(cues[i - 1]!.start);
  });

  it('times an edited segment by character position, since its words are whisper\'s', () => {
    const seg = { t0Ms: 1000, t1Ms: 3000, text: 'aaaa bbbb cccc dddd', original: 'x', words: words('x', 1000, 100) };
    const cues = layoutSegment(seg, { maxLineChars: 10, maxCueChars: 10 });
    expect(cues.map((c) => c.text)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(cues[1]!.start).toBeGreaterThan(1900);
    expect(cues[1]!.start).toBeLessThan(2200);
  });
});
