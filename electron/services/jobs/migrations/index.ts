import type Database from 'better-sqlite3';
import { EarshotError } from '../../../shared/errors.js';
import { m0001Init } from './0001-init.js';
import { m0002WrittenFiles } from './0002-written-files.js';
import { m0004Workspace } from './0004-workspace.js';
import { m0005Words } from './0005-words.js';
import { m0006Speech } from './0006-speech.js';

/** One schema step. `version` is the `PRAGMA user_version` the database has after it. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * All migrations, oldest first. Add a file `NNNN-name.ts` and list it here. Versions must increase but may skip
 * numbers (a number reserved for a migration not written yet); each runs once, when the database is older.
 */
export const MIGRATIONS: readonly Migration[] = [m0001Init, m0002WrittenFiles, m0004Workspace, m0005Words, m0006Speech];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings `db` up to SCHEMA_VERSION: every pending migration runs in ONE transaction, so a crash leaves the old schema.
 * Throws EarshotError('INVALID_STATE') for a database written by a newer Earshot (never downgrade data silently).
 */
export function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new EarshotError(
      'INVALID_STATE',
      `${file}: database schema version ${current} is newer than this Earshot understands (${SCHEMA_VERSION}); update Earshot`,
    );
  }
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
