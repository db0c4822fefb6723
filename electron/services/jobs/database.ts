import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations/index.js';

/**
 * Opens (creating if needed) the jobs database at `file` with the settings job state needs (GUIDE §5):
 * WAL so readers never block the writer, synchronous=FULL so a committed window survives power loss,
 * foreign keys on, and a busy timeout so two processes on one file wait rather than fail. Runs migrations.
 * Throws EarshotError('INVALID_STATE') for a database newer than this code.
 */
export function openDatabase(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  migrate(db, file);
  return db;
}
