import type { Migration } from './index.js';

/**
 * Word timing: `segments.words_json` holds whisper's words of a segment as a JSON array of `{ text, t0Ms, t1Ms, p }`
 * (times in ms from the start of the input; electron/shared/jobs.ts `Word`), NULL for segments transcribed before
 * Earshot kept words or by an engine build that does not time tokens.
 */
export const m0005Words: Migration = {
  version: 5,
  name: 'words',
  sql: `ALTER TABLE segments ADD COLUMN words_json TEXT;`,
};
