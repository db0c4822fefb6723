import type { Migration } from './index.js';

/** Jobs, their committed segments, and the windows already transcribed (one row per committed window). */
export const m0001Init: Migration = {
  version: 1,
  name: 'init',
  sql: `
    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      source_path TEXT NOT NULL,
      source_kind TEXT NOT NULL,
      source_root TEXT,
      content_hash TEXT,
      params_json TEXT NOT NULL,
      params_key TEXT NOT NULL,
      status TEXT NOT NULL,
      progress REAL NOT NULL DEFAULT 0,
      duration_ms INTEGER,
      offset_ms INTEGER NOT NULL DEFAULT 0,
      windows_done INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER,
      heartbeat_at INTEGER,
      owner TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL DEFAULT 3,
      retry_at INTEGER,
      error_code TEXT,
      error_message TEXT,
      backend TEXT,
      backend_note TEXT,
      processing_ms INTEGER NOT NULL DEFAULT 0,
      rtf REAL,
      language TEXT,
      outputs_json TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX jobs_claim ON jobs (status, retry_at, created_at);
    CREATE INDEX jobs_content ON jobs (content_hash, params_key);
    CREATE TABLE segments (
      job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      t0_ms INTEGER NOT NULL,
      t1_ms INTEGER NOT NULL,
      text TEXT NOT NULL,
      PRIMARY KEY (job_id, idx)
    );
    CREATE TABLE job_windows (
      job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      t0_ms INTEGER NOT NULL,
      t1_ms INTEGER NOT NULL,
      elapsed_ms INTEGER NOT NULL,
      committed_at INTEGER NOT NULL,
      PRIMARY KEY (job_id, idx)
    );
  `,
};
