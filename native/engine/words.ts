// whisper.cpp tokens -> words, for word timing. Pure; no addon here.
import type { Word } from '../../electron/shared/jobs.js';
import type { AddonToken } from './addon.js';

/** Shortest word Earshot reports, ms: two of whisper.cpp's 10 ms time steps. */
export const MIN_WORD_MS = 20;

/**
 * Joins a segment's text tokens into words, whisper's way: a token whose text starts with a space begins a new word,
 * any other token (a word's continuation, or punctuation) belongs to the word before it. Times are whisper.cpp's
 * token-level timestamps in ms from the start of the buffer: a word runs from its first token's t0 to its last
 * token's t1; its probability is the lowest of its tokens' (one doubtful piece makes the word doubtful).
 * Times are then made usable: clamped into the segment [segT0, segT1], never before the previous word's start, and
 * at least MIN_WORD_MS long where the segment is that long (whisper gives some tokens no length). Tokens without times (t0 < 0: token timestamps were off) give no words at all, and so do empty ones.
 * Returns words in buffer time (ms), in order.
 */
export function tokensToWords(tokens: readonly AddonToken[], segT0: number, segT1: number): Word[] {
  if (tokens.some((t) => t.t0 < 0 || t.t1 < 0)) return [];
  const words: Array<{ text: string; t0: number; t1: number; p: number }> = [];
  for (const tok of tokens) {
    if (tok.text.length === 0) continue;
    const last = words[words.length - 1];
    if (!last || tok.text.startsWith(' ')) words.push({ text: tok.text, t0: tok.t0, t1: tok.t1, p: tok.p });
    else {
      last.text += tok.text;
      last.t1 = Math.max(last.t1, tok.t1);
      last.p = Math.min(last.p, tok.p);
    }
  }
  const lo = Math.round(segT0);
  const hi = Math.max(lo, Math.round(segT1));
  let floor = lo;
  return words
    .filter((w) => w.text.trim().length > 0)
    .map((w) => {
      let t0 = Math.min(hi, Math.max(floor, Math.round(w.t0)));
      let t1 = Math.min(hi, Math.max(t0, Math.round(w.t1)));
      // whisper times some tokens with no length (t0 = t1, one 10 ms step at best): give the word MIN_WORD_MS,
      // after its start where the segment allows, else before its end.
      if (t1 - t0 < MIN_WORD_MS) {
        t1 = Math.min(hi, t0 + MIN_WORD_MS);
        t0 = Math.max(lo, Math.min(t0, t1 - MIN_WORD_MS));
      }
      floor = t0;
      return { text: w.text, t0Ms: t0, t1Ms: t1, p: Math.min(1, Math.max(0, w.p)) };
    });
}

/** Frame length for word-edge energy, ms. */
const EDGE_FRAME_MS = 10;
/** A frame is silence when its RMS is below this share of the window's loud level (its 90th-percentile frame RMS): -30 dB. */
const EDGE_SILENCE_RATIO = 0.03;
/** A silent run inside a word at least this long (frames, 150 ms: longer than a stop consonant's closure) is a pause. */
const EDGE_PAUSE_FRAMES = 15;
/** Below this RMS (of full scale 32768) a frame is silence whatever the level: about -66 dBFS. */
const EDGE_SILENCE_FLOOR = 16;

/**
 * Moves word edges off silence, using the audio itself. whisper.cpp's token timestamps (without DTW, which does not
 * run with flash attention) often start a word where the previous one ended, so a pause before the word is counted
 * as part of it; measured on the timed-words fixture (bench/speech-fixtures.ts), 29% of word starts were off by more
 * than 300 ms, all of them early. Here the leading and trailing 10 ms frames of each word that are silent (RMS
 * under EDGE_SILENCE_RATIO of the window's loud level) are cut off, and a word with a pause of EDGE_PAUSE_FRAMES or
 * more inside keeps only the side of it with more sound (the other is its neighbour's), keeping at least
 * MIN_WORD_MS, so a word starts at its first sound and ends at its last. Words in speech with no pause around them do not move.
 * `pcm`: the window's 16 kHz mono samples; `pcmStartMs`: the file time of pcm[0]. Word times are file times in ms.
 * Returns new segments; segments without words are returned as they are.
 */
export function refineWordEdges<S extends { words?: Word[] | undefined }>(segments: readonly S[], pcm: Int16Array, pcmStartMs: number): S[] {
  const samplesPerMs = 16;
  const frame = EDGE_FRAME_MS * samplesPerMs;
  const frames = Math.floor(pcm.length / frame);
  if (frames === 0) return [...segments];
  const rms = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += pcm[i]! * pcm[i]!;
    rms[f] = Math.sqrt(sum / frame);
  }
  const sorted = Float64Array.from(rms).sort();
  const loud = sorted[Math.floor(frames * 0.9)]!;
  const threshold = Math.max(EDGE_SILENCE_FLOOR, loud * EDGE_SILENCE_RATIO);
  const frameAt = (ms: number) => Math.floor((ms - pcmStartMs) / EDGE_FRAME_MS);
  const silent = (f: number) => f < 0 || f >= frames || rms[f]! < threshold;
  const countSound = (from: number, to: number) => {
    let n = 0;
    for (let f = from; f < to; f++) if (!silent(f)) n++;
    return n;
  };
  return segments.map((seg) => {
    if (!seg.words?.length) return seg;
    const words = seg.words.map((w) => {
      let f0 = frameAt(w.t0Ms);
      let f1 = frameAt(w.t1Ms) - 1; // the last frame inside the word
      if (f0 < 0 || f1 >= frames) return w;
      while (f0 <= f1 && silent(f0)) f0++;
      while (f1 >= f0 && silent(f1)) f1--;
      if (f0 > f1) return w; // all silence: whisper heard something here; leave its guess
      // A pause inside the word (longer than a stop consonant's closure) means whisper ran it into its neighbour's
      // sound: keep the side of the longest pause with more sound.
      let best: [number, number] | null = null;
      for (let f = f0; f <= f1; ) {
        if (!silent(f)) {
          f++;
          continue;
        }
        const start = f;
        while (f <= f1 && silent(f)) f++;
        if (f - start >= EDGE_PAUSE_FRAMES && (!best || f - start > best[1] - best[0])) best = [start, f];
      }
      if (best) {
        const soundBefore = countSound(f0, best[0]);
        const soundAfter = countSound(best[1], f1 + 1);
        if (soundAfter >= soundBefore) f0 = best[1];
        else f1 = best[0] - 1;
      }
      const t0 = Math.max(w.t0Ms, pcmStartMs + f0 * EDGE_FRAME_MS);
      const t1 = Math.min(w.t1Ms, pcmStartMs + (f1 + 1) * EDGE_FRAME_MS);
      if (t1 - t0 < MIN_WORD_MS) return w;
      return { ...w, t0Ms: t0, t1Ms: t1 };
    });
    return { ...seg, words };
  });
}
