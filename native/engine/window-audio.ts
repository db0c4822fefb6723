// What the worker hands whisper for one window, and how whisper's times map back to the file. Pure; no addon here.
import { WHISPER_SAMPLE_RATE } from '../audio/wav.js';
import type { AddonSegment } from './addon.js';
import type { EngineSegment } from './types.js';
import { tokensToWords } from './words.js';

/** Samples per ms of mono audio at the rate convertToWav writes and whisper.cpp expects. */
export const SAMPLES_PER_MS = WHISPER_SAMPLE_RATE / 1000;

/**
 * Silence put before every window that starts mid-file, ms. A window starts inside the quietest 200 ms near the
 * nominal boundary, so its first word begins within about 100 ms of sample 0, and whisper then often garbles it.
 * Measured on the 6-minute test file (tiny.en, CPU): the window at 122.51 s read "Emm-open the right house" with no
 * lead-in and "Emma opened the right house" with 500 ms (or 1 s) of zeros. Passing the previous window's text as
 * whisper's prompt also fixed the word but made whole 120 s windows up to 45% slower; the lead-in costs nothing
 * measurable (whisper pads every pass to 30 s anyway).
 */
export const WINDOW_LEAD_IN_MS = 500;

/**
 * The audio for one window as whisper.cpp's `transcribeData` takes it: 16-bit little-endian mono PCM bytes in a
 * fresh ArrayBuffer, preceded by WINDOW_LEAD_IN_MS of digital silence when the window starts mid-file
 * (`offsetMs` > 0; a file's own start is left as the user recorded it).
 * `pcm` holds the window's samples as bytes (2 per sample); returns the buffer and the lead-in used, in ms.
 */
export function windowAudio(pcm: Uint8Array, offsetMs: number): { audio: ArrayBuffer; leadInMs: number } {
  const leadInMs = offsetMs > 0 ? WINDOW_LEAD_IN_MS : 0;
  const leadInBytes = leadInMs * SAMPLES_PER_MS * 2;
  const audio = new ArrayBuffer(leadInBytes + pcm.length); // zero-filled, so the lead-in is silence
  new Uint8Array(audio).set(pcm, leadInBytes);
  return { audio, leadInMs };
}

/**
 * Addon segments (t0/t1 in ms from the start of the buffer windowAudio built, lead-in included) → EngineSegments
 * in ms from the start of the file: the lead-in is taken off, then times are clamped to the window
 * [offsetMs, offsetMs + windowMs] (whisper may run a segment past the end of the audio it was given), and t1 ≥ t0.
 * A segment with tokens (the compiled build) gets its words (tokensToWords) mapped the same way and kept inside
 * the segment; one without gets none.
 */
export function toFileTime(segs: AddonSegment[], offsetMs: number, windowMs: number, leadInMs: number): EngineSegment[] {
  const toFile = (ms: number) => Math.min(windowMs, Math.max(0, Math.round(ms) - leadInMs));
  return segs.map((s) => {
    const t0 = toFile(s.t0);
    const t1 = Math.max(t0, toFile(s.t1));
    const seg: EngineSegment = { t0Ms: offsetMs + t0, t1Ms: offsetMs + t1, text: s.text };
    if (s.tokens) {
      seg.words = tokensToWords(s.tokens, s.t0, s.t1).map((w) => {
        const w0 = Math.min(t1, Math.max(t0, toFile(w.t0Ms)));
        return { ...w, t0Ms: offsetMs + w0, t1Ms: offsetMs + Math.min(t1, Math.max(w0, toFile(w.t1Ms))) };
      });
    }
    return seg;
  });
}
