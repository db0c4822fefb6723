import { WHISPER_SAMPLE_RATE as SAMPLE_RATE } from '../../audio/wav.js';

/**
 * Whisper's mel filterbank, as whisper.cpp stores it in a ggml model (n_mels rows × 201 FFT bins, f32).
 *
 * OpenAI Whisper (`whisper/audio.py`) uses `librosa.filters.mel(sr=16000, n_fft=400, n_mels)`: Slaney mel scale,
 * Slaney area normalisation, fmin 0, fmax 8000 Hz. This is that formula (librosa `librosa/filters.py` `mel`,
 * also SYSTRAN/faster-whisper `faster_whisper/feature_extractor.py`) computed in f64 and rounded to f32.
 */

/** FFT bins for whisper's 400-sample window at 16 kHz: n_fft / 2 + 1. */
export const WHISPER_N_FFT_BINS = 201;
const N_FFT = 400;

/** Slaney mel scale (librosa `hz_to_mel`, htk=False): linear below 1 kHz, logarithmic above. */
export function hzToMel(f: number): number {
  const minLogHz = 1000;
  const minLogMel = minLogHz / (200 / 3);
  const logstep = Math.log(6.4) / 27;
  return f < minLogHz ? f / (200 / 3) : minLogMel + Math.log(f / minLogHz) / logstep;
}

/** Inverse of `hzToMel`. */
export function melToHz(m: number): number {
  const minLogHz = 1000;
  const minLogMel = minLogHz / (200 / 3);
  const logstep = Math.log(6.4) / 27;
  return m < minLogMel ? (200 / 3) * m : minLogHz * Math.exp(logstep * (m - minLogMel));
}

/**
 * The filterbank for `nMels` bands (80 for whisper up to large-v2, 128 for large-v3): a Float32Array of
 * nMels × 201, row-major (filter j, bin k at j*201 + k), as whisper.cpp's loader reads it.
 */
export function whisperMelFilters(nMels: number): Float32Array {
  const fftFreqs = Array.from({ length: WHISPER_N_FFT_BINS }, (_, k) => (k * SAMPLE_RATE) / N_FFT);
  const melMax = hzToMel(SAMPLE_RATE / 2);
  // np.linspace(0, melMax, nMels + 2): i * step, with the last point exactly melMax.
  const step = melMax / (nMels + 1);
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz(i === nMels + 1 ? melMax : i * step));
  const out = new Float32Array(nMels * WHISPER_N_FFT_BINS);
  for (let j = 0; j < nMels; j++) {
    const lo = edges[j]!;
    const mid = edges[j + 1]!;
    const hi = edges[j + 2]!;
    const enorm = 2 / (hi - lo);
    for (let k = 0; k < WHISPER_N_FFT_BINS; k++) {
      const f = fftFreqs[k]!;
      // librosa: ramps = edge - f; lower = -ramp[j] / fdiff[j]; upper = ramp[j+2] / fdiff[j+1].
      const lower = -(lo - f) / (mid - lo);
      const upper = (hi - f) / (hi - mid);
      const tri = Math.min(lower, upper);
      // np.maximum(0, -0.0) keeps -0.0 (bin 0 Hz of filter 0 in OpenAI's mel_filters.npz); JS Math.max would give +0.
      const clipped = tri > 0 ? tri : Object.is(tri, -0) ? -0 : 0;
      // librosa stores the triangle in its float32 array first, then scales by enorm: round twice, as it does.
      out[j * WHISPER_N_FFT_BINS + k] = Math.fround(clipped) * enorm;
    }
  }
  return out;
}
