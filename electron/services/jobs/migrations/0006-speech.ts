import type { Migration } from './index.js';

/**
 * Voice activity detection and decoding guards:
 * - `job_speech`: the speech regions VAD found in a job's converted WAV, once per job (a resumed job reads them
 *   instead of detecting again): `regions_json` a JSON array of `{ t0Ms, t1Ms }` (ms from the start of the input;
 *   native/vad SpeechRegion), the duration read and the detection's wall time (ms), and which detector ran;
 * - `jobs.dropped_segments` / `jobs.trimmed_segments`: segments the guards removed whole (outside speech, or nothing
 *   but a repeated phrase) and segments they cut a repeated phrase out of; NULL for jobs transcribed before.
 */
export const m0006Speech: Migration = {
  version: 6,
  name: 'speech',
  sql: `
    CREATE TABLE job_speech (
      job_id TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
      regions_json TEXT NOT NULL,
      total_ms INTEGER NOT NULL,
      elapsed_ms INTEGER NOT NULL,
      detector TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    ALTER TABLE jobs ADD COLUMN dropped_segments INTEGER;
    ALTER TABLE jobs ADD COLUMN trimmed_segments INTEGER;
  `,
};
