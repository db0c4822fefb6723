// The media layer's public surface: probe, convert, read and window 16 kHz WAVs.
export type { MediaInfo } from './types.js';
export { probeMedia, MIN_SAMPLE_RATE, MAX_SAMPLE_RATE } from './probe.js';
export { convertToWav, formatDuration, type ConvertOptions } from './convert.js';
export { readWavInfo, readPcm16, readPcm16Bytes, assertWhisperWav, WHISPER_SAMPLE_RATE, type WavInfo } from './wav.js';
export { nextWindowEnd, planWindows, quietestCentreMs } from './windows.js';
export { ffmpegPath, ffprobePath, configureMediaTools } from './tools.js';
export { finaliseRecording } from './finalise.js';
