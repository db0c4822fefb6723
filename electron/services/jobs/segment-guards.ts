import type { Word } from '../../shared/jobs.js';
import { type SpeechRegion, outsideSpeech } from '../../../native/vad/index.js';

/**
 * Guards against text whisper invents: segments where the VAD heard no speech, segments that are nothing but
 * whisper's own non-speech tags, and decoding loops (the same phrase over and over, whisper's classic failure after a
 * long pause or on noise). Applied to each window's segments before they are committed; what they drop or trim is
 * counted on the job. Pure.
 */

/** Shortest phrase the loop guard looks for, words. */
export const LOOP_NGRAM_MIN = 4;
/** Longest phrase the loop guard looks for, words (whisper's loops are a sentence or two). */
export const LOOP_NGRAM_MAX = 40;
/** A phrase said this many times in a row (or more) is a loop: its first occurrence is kept, the rest removed. */
export const LOOP_MIN_REPEATS = 3;

/**
 * A segment that is only whisper's tags for what is not speech: `[BLANK_AUDIO]`, `[Music]`, `(wind blowing)`, `♪♪`.
 * tiny.en writes them over silence, noise and tones (VAD off, the silence-and-music test file: 4 of its 4 segments
 * between the two speeches). whisper.cpp's own `suppress_nst` was measured as the alternative and is left off: it
 * turned `[BLANK_AUDIO]` into "You" and kept `♪♪`.
 */
const NON_SPEECH_TAGS = /^(?:\s*(?:\[[^\]]*\]|\([^)]*\)|[♪♫♬♩]+))+\s*$/u;

/** Whether `text` is nothing but non-speech tags (see NON_SPEECH_TAGS); empty text is not. */
export function onlyNonSpeechTags(text: string): boolean {
  return NON_SPEECH_TAGS.test(text);
}

/** A segment as the job runner commits it: ms from the start of the file. */
export interface GuardedSegment {
  t0Ms: number;
  t1Ms: number;
  text: string;
  words?: Word[] | undefined;
}

export interface GuardResult<T extends GuardedSegment> {
  segments: T[];
  /** Segments removed whole (outside speech, or nothing but a repeat). */
  dropped: number;
  /** Segments kept with a repeat cut out of their text. */
  trimmed: number;
}

/** A word as the loop guard compares it: lower case, without punctuation around or inside it (apostrophes kept). */
function key(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, '');
}

/**
 * Which of `keys` repeat a phrase: scanning left to right, at each position the shortest phrase of
 * LOOP_NGRAM_MIN..LOOP_NGRAM_MAX words that follows itself at least LOOP_MIN_REPEATS times in a row; every
 * occurrence after the first is marked, and so is a last, unfinished occurrence (a prefix of the phrase) right
 * after them. Returns one flag per key (true: remove).
 */
export function loopMask(keys: readonly string[]): boolean[] {
  const remove: boolean[] = keys.map(() => false);
  const same = (a: number, b: number, n: number) => {
    for (let j = 0; j < n; j++) if (keys[a + j] !== keys[b + j]) return false;
    return true;
  };
  let i = 0;
  while (i < keys.length) {
    let advanced = false;
    for (let n = LOOP_NGRAM_MIN; n <= LOOP_NGRAM_MAX && i + n * LOOP_MIN_REPEATS <= keys.length; n++) {
      let k = 1;
      while (i + (k + 1) * n <= keys.length && same(i, i + k * n, n)) k++;
      if (k < LOOP_MIN_REPEATS) continue;
      let end = i + k * n;
      while (end < keys.length && end - (i + k * n) < n && keys[end] === keys[i + (end - (i + k * n))]) end++;
      for (let j = i + n; j < end; j++) remove[j] = true;
      i = end;
      advanced = true;
      break;
    }
    if (!advanced) i++;
  }
  return remove;
}

/**
 * Cuts decoding loops out of one window's segments: the words of all its segments in order (so a loop that runs
 * across segment boundaries is found too) go through loopMask; a segment that loses all its words is dropped, one
 * that loses some keeps the rest (its whisper words too, when they spell its text word for word, and then it ends
 * where its last kept word ends). Segments without a repeat come back unchanged (the same objects).
 */
export function trimLoops<T extends GuardedSegment>(segments: readonly T[]): GuardResult<T> {
  const split = segments.map((s) => s.text.trim().split(/\s+/).filter((w) => w.length > 0));
  const keys = split.flat().map(key);
  const mask = loopMask(keys);
  if (!mask.includes(true)) return { segments: [...segments], dropped: 0, trimmed: 0 };
  let at = 0;
  let dropped = 0;
  let trimmed = 0;
  const out: T[] = [];
  segments.forEach((seg, si) => {
    const words = split[si]!;
    const removed = words.map((_, wi) => mask[at + wi]!);
    at += words.length;
    if (!removed.includes(true)) {
      out.push(seg);
      return;
    }
    const kept = words.filter((_, wi) => !removed[wi]);
    if (kept.length === 0) {
      dropped++;
      return;
    }
    trimmed++;
    const lead = /^\s*/.exec(seg.text)![0];
    const next: T = { ...seg, text: lead + kept.join(' ') };
    const aligned = seg.words && seg.words.length === words.length && seg.words.every((w, wi) => w.text.trim() === words[wi]);
    if (aligned) {
      const keptWords = seg.words!.filter((_, wi) => !removed[wi]);
      next.words = keptWords;
      next.t1Ms = Math.max(next.t0Ms, keptWords[keptWords.length - 1]!.t1Ms);
    } else {
      delete next.words;
    }
    out.push(next);
  });
  return { segments: out, dropped, trimmed };
}

/**
 * The guards on one window's segments: with speech regions (VAD on), segments wholly outside speech are dropped
 * (outsideSpeech, native/vad); so are segments of non-speech tags only; then decoding loops are cut (trimLoops).
 * `regions` null: VAD off, tags and loops only.
 */
export function guardSegments<T extends GuardedSegment>(segments: readonly T[], regions: readonly SpeechRegion[] | null): GuardResult<T> {
  const kept = segments.filter((s) => !(regions && outsideSpeech(s, regions)) && !onlyNonSpeechTags(s.text));
  const loops = trimLoops(kept);
  return { segments: loops.segments, dropped: segments.length - kept.length + loops.dropped, trimmed: loops.trimmed };
}
