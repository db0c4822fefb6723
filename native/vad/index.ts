// Voice activity detection's public surface: where the speech is in a job's WAV, and what follows from it for
// windows and segments.
export { SpeechRegion, VadResult, VadSettings, speechMs, type VadSettingsInput } from './types.js';
export { detectSpeech } from './detect.js';
export { RegionTracker, VAD_FRAME_SAMPLES } from './speech-regions.js';
export { SPEECH_MARGIN_MS, SKIP_MIN_MS, nextSpeechWindow, pauseCut, skippedStretches, type SpeechWindow } from './windows.js';
export { SPEECH_GUARD_PAD_MS, outsideSpeech } from './guard.js';
