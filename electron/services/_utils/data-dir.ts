import path from 'node:path';

/** Well-known files and sub-folders of a data directory (absolute when `dataDir` is). */
export interface DataPaths {
  db: string;
  models: string;
  work: string;
  logs: string;
  uploads: string;
  recordings: string;
  settings: string;
}

/** The files and sub-folders of `dataDir`: `earshot.db`, `models/`, `work/`, `logs/`, `uploads/`, `recordings/`, `settings.json`. */
export function dataPaths(dataDir: string): DataPaths {
  return {
    db: path.join(dataDir, 'earshot.db'),
    models: path.join(dataDir, 'models'),
    work: path.join(dataDir, 'work'),
    logs: path.join(dataDir, 'logs'),
    uploads: path.join(dataDir, 'uploads'),
    recordings: path.join(dataDir, 'recordings'),
    settings: path.join(dataDir, 'settings.json'),
  };
}
