import type { SpeechRegion, VadSettings } from './types.js';

/** Samples Silero VAD reads per step at 16 kHz (32 ms). */
export const VAD_FRAME_SAMPLES = 512;

/**
 * Turns Silero's per-frame speech probabilities into speech regions: a port of `get_speech_timestamps` from the
 * silero-vad Python package (the same hysteresis, minimum silence, minimum speech and padding), fed one frame at a
 * time so a long file never holds all its probabilities. Pure; sample positions in, milliseconds out.
 */
export class RegionTracker {
  private readonly minSpeechSamples: number;
  private readonly minSilenceSamples: number;
  private readonly padSamples: number;
  private readonly negThreshold: number;
  private triggered = false;
  private tempEnd = 0;
  private start = 0;
  private readonly found: Array<{ start: number; end: number }> = [];

  constructor(
    private readonly settings: VadSettings,
    private readonly sampleRate: number,
  ) {
    this.minSpeechSamples = (sampleRate * settings.minSpeechMs) / 1000;
    this.minSilenceSamples = (sampleRate * settings.minSilenceMs) / 1000;
    this.padSamples = (sampleRate * settings.speechPadMs) / 1000;
    this.negThreshold = Math.max(settings.threshold - 0.15, 0.01);
  }

  /** The frame starting at sample `at` had speech probability `p` (0-1). Frames come in order. */
  push(p: number, at: number): void {
    const { threshold } = this.settings;
    if (p >= threshold && this.tempEnd) this.tempEnd = 0;
    if (p >= threshold && !this.triggered) {
      this.triggered = true;
      this.start = at;
      return;
    }
    if (p < this.negThreshold && this.triggered) {
      if (!this.tempEnd) this.tempEnd = at;
      if (at - this.tempEnd < this.minSilenceSamples) return;
      if (this.tempEnd - this.start >= this.minSpeechSamples) this.found.push({ start: this.start, end: this.tempEnd });
      this.triggered = false;
      this.tempEnd = 0;
    }
  }

  /**
   * The regions, once every frame of a file of `totalSamples` samples was pushed: a region still open ends at the
   * end of the file; each is padded (clamped to its neighbours and the file) and given in ms, rounded.
   */
  finish(totalSamples: number): SpeechRegion[] {
    const speeches = [...this.found];
    if (this.triggered && totalSamples - this.start >= this.minSpeechSamples) speeches.push({ start: this.start, end: totalSamples });
    const padded = speeches.map((s, i) => {
      const prevEnd = i === 0 ? 0 : speeches[i - 1]!.end;
      const nextStart = i === speeches.length - 1 ? totalSamples : speeches[i + 1]!.start;
      return {
        start: Math.max(0, Math.floor(Math.max(s.start - this.padSamples, prevEnd))),
        end: Math.min(totalSamples, Math.floor(Math.min(s.end + this.padSamples, nextStart))),
      };
    });
    const ms = (samples: number) => Math.round((samples / this.sampleRate) * 1000);
    return padded.map((s) => ({ t0Ms: ms(s.start), t1Ms: ms(s.end) })).filter((r) => r.t1Ms > r.t0Ms);
  }
}
