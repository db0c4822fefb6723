import type { Segment, Word } from '../../../../electron/shared/jobs.js';

/**
 * Words whisper gave a probability below this are tinted as doubtful. whisper.cpp's token probabilities for words
 * it hears clearly sit near 0.9 and above; under one half it was guessing between candidates, which is where a
 * proof-reader should look first.
 */
export const LOW_CONFIDENCE_P = 0.5;

/** Seconds the back/forward keys and buttons jump. */
export const SKIP_MS = 5000;

/** Playback speeds offered (the <audio> element's playbackRate). */
export const SPEEDS: readonly number[] = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

/**
 * Index of the segment to highlight at `ms`: the one playing (t0 <= ms < t1), or in a pause between two the one that
 * ended last, so the highlight does not flicker off between sentences; -1 before the first. Binary search over
 * segments in time order, so a three-hour transcript costs a dozen comparisons per frame.
 */
export function activeSegmentIndex(segments: ReadonlyArray<Pick<Segment, 't0Ms' | 't1Ms'>>, ms: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.t0Ms <= ms) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

/**
 * The words a segment shows: whisper's, while the text is whisper's own (an edited segment's words no longer match
 * it) and the words still spell it, spacing aside (a split or merge may leave a segment with words of another's).
 */
export function shownWords(segment: Pick<Segment, 'original' | 'words' | 'text'>): readonly Word[] | null {
  const words = segment.words;
  if (segment.original !== null || !words || words.length === 0) return null;
  return squeeze(words.map((w) => w.text).join('')) === squeeze(segment.text) ? words : null;
}

/** Index of the word being spoken at `ms` (t0 <= ms < t1), or -1 between words. */
export function activeWordIndex(words: readonly Word[], ms: number): number {
  const i = activeSegmentIndex(words, ms);
  return i >= 0 && ms < words[i]!.t1Ms ? i : -1;
}

/**
 * Where to cut a segment split at character `at` of its text: the start of the word that begins at or after `at`
 * when whisper's words spell the text exactly and that time lies strictly inside the segment; else undefined, and
 * transcripts.splitSegment cuts at the time proportional to `at`.
 */
export function splitTimeAt(segment: Pick<Segment, 't0Ms' | 't1Ms' | 'text' | 'original' | 'words'>, at: number): number | undefined {
  const words = shownWords(segment);
  if (!words || words.map((w) => w.text).join('') !== segment.text) return undefined;
  let pos = 0;
  for (const w of words) {
    // A word's leading space belongs before the cut: "a| b" and "a |b" both start the second part at "b".
    const start = pos + (w.text.length - w.text.trimStart().length);
    if (start >= at) return w.t0Ms > segment.t0Ms && w.t0Ms < segment.t1Ms ? w.t0Ms : undefined;
    pos += w.text.length;
  }
  return undefined;
}

/** Whether a split at character `at` is one transcripts.splitSegment accepts: inside the text, not at either end. */
export function canSplitAt(text: string, at: number): boolean {
  return at > 0 && at < text.length && text.slice(0, at).trim() !== '' && text.slice(at).trim() !== '';
}
