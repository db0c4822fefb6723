import type { AddonTranscribeOptions } from './addon.js';

/**
 * whisper.cpp's own guards against invented text, as Earshot sets them on every pass (the thresholds through
 * native/addon/patches/0004; the prebuilt build ignores those keys and keeps the same defaults). They are whisper.cpp's
 * defaults, kept after measuring the alternatives with the compiled addon alone (tiny.en, 2 CPU threads, no VAD, the
 * test files cut in 120 s windows):
 * - temperature fallback (a pass whose text repeats, entropy < 2.4, or whose average log probability is < -1 is
 *   decoded again 0.2 hotter): without it (temperatureInc 0) the test file with 8-20 s pauses between paragraphs went
 *   from 2.9% to 23.2% WER, with "(" and "The" written into the pauses and sentences lost after them;
 * - no-speech threshold 0.6 (with the log probability one) drops a pass judged silent;
 * - `suppressNst` stays off: on the silence-and-music file it turned whisper's "[BLANK_AUDIO]" over silence into
 *   "You" and kept "♪♪" over tones (the tags are dropped by Earshot's own guard instead: segment-guards.ts);
 * - `noContext` stays off: it changed nothing on the paused-speech file (same text, same 2.9% WER).
 */
export const DECODING_GUARDS: Readonly<
  Required<Pick<AddonTranscribeOptions, 'temperatureInc' | 'entropyThold' | 'logprobThold' | 'noSpeechThold' | 'suppressNst'>>
> = {
  temperatureInc: 0.2,
  entropyThold: 2.4,
  logprobThold: -1.0,
  noSpeechThold: 0.6,
  suppressNst: false,
};
