import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in tests/helpers). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** jfk.wav: 11 s of real speech, 16 kHz mono, the sample the repository ships (resources/audio/README.md). */
export const JFK_WAV = path.join(REPO_ROOT, 'resources', 'audio', 'jfk.wav');
/** The same speech as MP3 and Ogg Vorbis (tests/fixtures/audio/README.md). */
export const FIXTURE_AUDIO_DIR = path.join(REPO_ROOT, 'tests', 'fixtures', 'audio');
export { JFK_TEXT } from '../../bench/speech-fixtures.js';

/** Where scripts/test-model caches the converted test model. */
export const CACHED_TEST_MODEL = path.join(REPO_ROOT, '.cache', 'models', 'ggml-tiny.en.bin');

/**
 * The real ggml model every transcription test uses: $EARSHOT_TEST_MODEL, else the file scripts/test-model caches.
 * Returns null (and prints a loud notice once) when neither exists, so the caller can skip.
 */
export function testModelPath(): string | null {
  const fromEnv = process.env.EARSHOT_TEST_MODEL;
  if (fromEnv && existsSync(fromEnv)) return path.resolve(fromEnv);
  if (existsSync(CACHED_TEST_MODEL)) return CACHED_TEST_MODEL;
  if (!warned) {
    warned = true;
    console.warn(
      `\n!!! SKIPPING tests that need a real whisper model: neither $EARSHOT_TEST_MODEL (${fromEnv ?? 'unset'}) nor ${CACHED_TEST_MODEL} exists.` +
        `\n!!! Run scripts/test-model to provision ggml-tiny.en.bin.\n`,
    );
  }
  return null;
}
let warned = false;
