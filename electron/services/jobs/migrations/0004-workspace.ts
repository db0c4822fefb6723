import type { Migration } from './index.js';

/** SQL for the file name of a path column (after the last `/` or `\`): the default title of a job. */
const basename = (col: string) => `substr(${col}, length(rtrim(${col}, replace(replace(${col}, '/', ''), '\\', ''))) + 1)`;

/**
 * The transcript workspace:
 * - `segments` rebuilt with a stable `id` (AUTOINCREMENT, so an id is never reused, not even by an undone split) and
 *   `original_text` (whisper's text once the segment was edited; NULL while `text` is whisper's own);
 * - `jobs.title` (NULL: the input's file name);
 * - FTS5 indexes over segment text (edited and original) and titles, kept in step by triggers and filled here;
 * - `transcript_edits`: each job's undo/redo history (one row per change, `undone` once undone);
 * - `watch_folders`: folders watched for new media, with the parameters their jobs get.
 */
export const m0004Workspace: Migration = {
  version: 4,
  name: 'workspace',
  sql: `
    CREATE TABLE segments_v4 (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      t0_ms INTEGER NOT NULL,
      t1_ms INTEGER NOT NULL,
      text TEXT NOT NULL,
      original_text TEXT,
      UNIQUE (job_id, idx)
    );
    INSERT INTO segments_v4 (job_id, idx, t0_ms, t1_ms, text)
      SELECT job_id, idx, t0_ms, t1_ms, text FROM segments ORDER BY job_id, idx;
    DROP TABLE segments;
    ALTER TABLE segments_v4 RENAME TO segments;

    ALTER TABLE jobs ADD COLUMN title TEXT;

    CREATE VIRTUAL TABLE segments_fts USING fts5(
      text, original_text, content = 'segments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
      INSERT INTO segments_fts (rowid, text, original_text) VALUES (new.id, new.text, new.original_text);
    END;
    CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
      INSERT INTO segments_fts (segments_fts, rowid, text, original_text) VALUES ('delete', old.id, old.text, old.original_text);
    END;
    CREATE TRIGGER segments_fts_update AFTER UPDATE OF text, original_text ON segments BEGIN
      INSERT INTO segments_fts (segments_fts, rowid, text, original_text) VALUES ('delete', old.id, old.text, old.original_text);
      INSERT INTO segments_fts (rowid, text, original_text) VALUES (new.id, new.text, new.original_text);
    END;
    INSERT INTO segments_fts (segments_fts) VALUES ('rebuild');

    CREATE VIRTUAL TABLE jobs_fts USING fts5(job_id UNINDEXED, title, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
    CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
      INSERT INTO jobs_fts (job_id, title) VALUES (new.id, COALESCE(new.title, ${basename('new.source_path')}));
    END;
    CREATE TRIGGER jobs_fts_update AFTER UPDATE OF title, source_path ON jobs BEGIN
      DELETE FROM jobs_fts WHERE job_id = old.id;
      INSERT INTO jobs_fts (job_id, title) VALUES (new.id, COALESCE(new.title, ${basename('new.source_path')}));
    END;
    CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
      DELETE FROM jobs_fts WHERE job_id = old.id;
    END;
    INSERT INTO jobs_fts (job_id, title) SELECT id, COALESCE(title, ${basename('source_path')}) FROM jobs;

    CREATE TABLE transcript_edits (
      job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL,
      start_idx INTEGER NOT NULL,
      before_json TEXT NOT NULL,
      after_json TEXT NOT NULL,
      undone INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (job_id, seq)
    );

    CREATE TABLE watch_folders (
      id TEXT PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      params_json TEXT NOT NULL,
      filters_json TEXT NOT NULL,
      settle_ms INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    );
  `,
};
