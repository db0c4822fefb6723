import { describe, expect, it } from 'vitest';
import { guardSegments, loopMask, onlyNonSpeechTags, trimLoops } from '../../../../../electron/services/jobs/segment-guards.js';
import { paramsKey, sameTranscription } from '../../../../../electron/services/jobs/job-inputs.js';
import { JobParams } from '../../../../../electron/shared/jobs.js';
import { outsideSpeech } from '../../../../../native/vad/guard.js';

const seg = (t0: number, t1: number, text: string) => ({ t0Ms: t0, t1Ms: t1, text });
const words = (text: string, t0 = 0) =>
  text.trim().split(/\s+/).map((w, i) => ({ text: ` ${w}`, t0Ms: t0 + i * 100, t1Ms: t0 + i * 100 + 90, p: 0.9 }));

describe('loop guard', () => {
  it('marks every occurrence after the first of a 4+-word phrase said 3+ times in a row, and a last unfinished one', () => {
    const keys = 'so we went home and then i will go there i will go there i will go there i will go'.split(' ');
    const mask = loopMask(keys);
    expect(keys.filter((_, i) => !mask[i]).join(' ')).toBe('so we went home and then i will go there');
  });

  it('leaves a phrase said twice, and phrases shorter than 4 words, alone', () => {
    expect(loopMask('ask not what your country ask not what your country can do'.split(' ')).includes(true)).toBe(false);
    expect(loopMask('no no no no no no'.split(' ')).includes(true)).toBe(false);
  });

  it('finds the loop across segments, ignoring case and punctuation: drops the segments that only repeat, trims the one that ends in it', () => {
    const segs = [
      seg(0, 3000, ' The meeting is over now.'),
      seg(3000, 6000, ' Thank you for watching. Thank you for watching.'),
      seg(6000, 9000, ' thank you for watching!'),
      seg(9000, 12000, ' Thank you for watching.'),
    ];
    const out = trimLoops(segs);
    expect(out.segments.map((s) => s.text)).toEqual([' The meeting is over now.', ' Thank you for watching.']);
    expect(out).toMatchObject({ dropped: 2, trimmed: 1 });
    expect(out.segments[0]).toBe(segs[0]);
  });

  it('keeps the words of a trimmed segment that spell its text, and ends the segment with them', () => {
    const text = ' we will meet again we will meet again we will meet again';
    const out = trimLoops([{ ...seg(1000, 9000, text), words: words(text, 1000) }]);
    expect(out.segments[0]).toMatchObject({ text: ' we will meet again', t0Ms: 1000, t1Ms: 1390 });
    expect(out.segments[0]!.words!.map((w) => w.text.trim())).toEqual(['we', 'will', 'meet', 'again']);
  });

  it('returns segments without loops unchanged', () => {
    const segs = [seg(0, 1000, ' And so my fellow Americans'), seg(1000, 2000, ' ask not what your country can do for you')];
    expect(trimLoops(segs)).toEqual({ segments: segs, dropped: 0, trimmed: 0 });
  });
});

describe('speech guard', () => {
  const regions = [{ t0Ms: 10_000, t1Ms: 20_000 }];

  it('drops only segments wholly outside every region widened by the pad', () => {
    expect(outsideSpeech(seg(20_400, 25_000, 'x'), regions, 500)).toBe(false);
    expect(outsideSpeech(seg(20_500, 25_000, 'x'), regions, 500)).toBe(true);
    expect(outsideSpeech(seg(0, 9_600, 'x'), regions, 500)).toBe(false);
    expect(outsideSpeech(seg(0, 9_500, 'x'), regions, 500)).toBe(true);
    expect(outsideSpeech(seg(0, 30_000, 'x'), regions, 500)).toBe(false);
  });

  it('guardSegments counts every guard; without regions (VAD off) only tags and loops are removed', () => {
    const segs = [seg(40_000, 45_000, ' Thank you.'), seg(12_000, 15_000, ' Hello there.'), seg(15_000, 18_000, ' [BLANK_AUDIO]')];
    expect(guardSegments(segs, regions)).toMatchObject({ dropped: 2, trimmed: 0 });
    expect(guardSegments(segs, null)).toMatchObject({ dropped: 1, trimmed: 0, segments: segs.slice(0, 2) });
  });

  it("knows whisper's non-speech tags, alone or together, and nothing else", () => {
    for (const t of [' [BLANK_AUDIO]', ' [Music]', ' (wind blowing)', ' ♪♪', ' [SOUND] [SOUND]', '♪ (upbeat music) ♪']) expect(onlyNonSpeechTags(t), t).toBe(true);
    for (const t of ['', ' You', ' [Music] la la la', ' (laughs) That was funny.', ' (']) expect(onlyNonSpeechTags(t), t).toBe(false);
  });
});

describe('the vad job parameter', () => {
  const base = JobParams.parse({ model: 'tiny.en' });

  it('keeps the parameter key of jobs made before it existed: absent and true are the same key, false another', () => {
    expect(paramsKey({ ...base, vad: true })).toBe(paramsKey(base));
    expect(paramsKey({ ...base, vad: false })).not.toBe(paramsKey(base));
  });

  it('makes a VAD-off transcript no twin of a VAD-on one', () => {
    expect(sameTranscription(base, { ...base, vad: true })).toBe(true);
    expect(sameTranscription(base, { ...base, vad: false })).toBe(false);
  });
});
