import os from 'node:os';
import path from 'node:path';

/**
 * Resolves Earshot's data directory (database, models, work files, logs).
 * Order: explicit flag > EARSHOT_DATA_DIR > $XDG_DATA_HOME/earshot > ~/.local/share/earshot (XDG Base Directory spec default).
 * Returns an absolute path; does not create it.
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.EARSHOT_DATA_DIR) return path.resolve(env.EARSHOT_DATA_DIR);
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'earshot');
}

/** Well-known sub-folders of a data directory. */
export function dataPaths(dataDir: string): { db: string; models: string; work: string; logs: string; uploads: string; recordings: string } {
  return {
    db: path.join(dataDir, 'earshot.db'),
    models: path.join(dataDir, 'models'),
    work: path.join(dataDir, 'work'),
    logs: path.join(dataDir, 'logs'),
    uploads: path.join(dataDir, 'uploads'),
    recordings: path.join(dataDir, 'recordings'),
  };
}
