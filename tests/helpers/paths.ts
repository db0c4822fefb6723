import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in tests/helpers). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared data folder beside the checkout (`../shared`), or $EARSHOT_SHARED_DIR. */
export const SHARED_DIR = process.env.EARSHOT_SHARED_DIR
  ? path.resolve(process.env.EARSHOT_SHARED_DIR)
  : path.resolve(REPO_ROOT, '..', 'shared');

/** jfk.wav: 11 s of real speech, 16 kHz mono. */
export const JFK_WAV = path.join(SHARED_DIR, 'audio', 'jfk.wav');
export const JFK_TEXT =
  'And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.';

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
