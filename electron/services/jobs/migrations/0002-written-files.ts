import type { Migration } from './index.js';

/**
 * What Earshot wrote: every transcript file (a job's outputs, an export) with its hash and size at the time and the
 * input it transcribes, so a file Earshot did not write, or one changed since, is never replaced (see
 * transcripts/written-files.ts). `notes_json` on a job: what the user should know about its outputs (a file kept, a
 * transcript written beside it instead).
 */
export const m0002WrittenFiles: Migration = {
  version: 2,
  name: 'written-files',
  sql: `
    CREATE TABLE written_files (
      path TEXT PRIMARY KEY,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      source_path TEXT NOT NULL,
      job_id TEXT REFERENCES jobs (id) ON DELETE SET NULL,
      written_at INTEGER NOT NULL
    );
    CREATE INDEX written_files_job ON written_files (job_id);
    ALTER TABLE jobs ADD COLUMN notes_json TEXT NOT NULL DEFAULT '[]';
  `,
};
