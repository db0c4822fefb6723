// How much of whisper's 30 s encoder a window needs. Pure; no addon here.
import type { AddonResult } from './addon.js';

/** whisper's encoder context in frames: 1500 frames of 20 ms = 30 s, every model (whisper.cpp n_audio_ctx). */
export const FULL_AUDIO_CTX = 1500;
/** Audio past the window's end that the sized context still covers, ms: room for whisper's last timestamp. */
export const AUDIO_CTX_MARGIN_MS = 1000;
/** The smallest sized context, frames (7.68 s): below it tiny.en garbled or dropped 2-3 s clips more often. */
export const AUDIO_CTX_MIN = 384;
/** Sized contexts are rounded up to a multiple of this many frames (whole blocks for ggml's kernels). */
export const AUDIO_CTX_STEP = 64;

/**
 * whisper.cpp's `audio_ctx` for a window of `audioMs` (lead-in included): whisper pads every pass to 30 s and runs
 * its encoder over all of it, so a 5 s clip costs as much encoding as 30 s of speech. Sized, the encoder sees the
 * audio plus AUDIO_CTX_MARGIN_MS, at least AUDIO_CTX_MIN frames, rounded up to AUDIO_CTX_STEP (20 ms a frame).
 * Returns undefined (whisper's full context) when that would not be smaller than FULL_AUDIO_CTX, i.e. for windows
 * of about 28 s and more.
 */
export function sizedAudioCtx(audioMs: number): number | undefined {
  const frames = Math.ceil((audioMs + AUDIO_CTX_MARGIN_MS) / 20);
  const ctx = Math.ceil(Math.max(AUDIO_CTX_MIN, frames) / AUDIO_CTX_STEP) * AUDIO_CTX_STEP;
  return ctx < FULL_AUDIO_CTX ? ctx : undefined;
}

/** Characters a second beyond which a transcript of `audioMs` cannot be speech (fast speech is about 20). */
const MAX_CHARS_PER_SECOND = 30;

/**
 * Whether a pass with a sized context went wrong in the ways a shortened context makes more likely, so the window is
 * decoded again with the full one: no text at all, more text than the audio could hold (a loop), one word sequence of
 * 3+ words said 3+ times, or a segment that ends more than AUDIO_CTX_MARGIN_MS past the audio.
 */
export function sizedPassSuspect(result: Pick<AddonResult, 'segments'>, audioMs: number): boolean {
  const text = result.segments.map((s) => s.text).join(' ').trim();
  if (!text) return true;
  if (text.length > Math.max(40, (audioMs / 1000) * MAX_CHARS_PER_SECOND)) return true;
  if (result.segments.some((s) => s.t1 > audioMs + AUDIO_CTX_MARGIN_MS)) return true;
  const words = text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').split(/\s+/).filter(Boolean);
  const seen = new Map<string, number>();
  for (let i = 0; i + 3 <= words.length; i++) {
    const key = words.slice(i, i + 3).join(' ');
    const n = (seen.get(key) ?? 0) + 1;
    if (n >= 3) return true;
    seen.set(key, n);
  }
  return false;
}
