import { describe, expect, it } from 'vitest';
import { normaliseWords, wordErrorRate } from '../../helpers/wer.js';

describe('wordErrorRate', () => {
  it('is 0 for the same words whatever the case and punctuation', () => {
    expect(wordErrorRate('And so, my fellow Americans!', 'and so my fellow americans')).toBe(0);
  });
  it('counts a substitution, a deletion and an insertion', () => {
    expect(wordErrorRate('a b c d', 'a x c')).toBeCloseTo(2 / 4);
    expect(wordErrorRate('a b', 'a b c')).toBeCloseTo(1 / 2);
  });
  it('normalises hyphens and apostrophes', () => {
    expect(normaliseWords("Don't well-known")).toEqual(['dont', 'well', 'known']);
  });
});
