import type { Logger } from '../services/_utils/logger.js';

/** The part of electron-updater's autoUpdater used here. */
export interface UpdaterLike {
  checkForUpdatesAndNotify(): Promise<unknown>;
}

/**
 * Checks the release channel (electron-builder.yml `publish`) for a newer version and lets electron-updater download
 * it and notify. Off unless the app is packaged (no update feed exists in development), and off when `disabled`
 * (the configuration's disableUpdates, EARSHOT_DISABLE_UPDATES=1: offline or managed installs). A failed check is logged, never fatal: Earshot works
 * offline. Returns whether a check was started.
 */
export function setupUpdater(deps: { isPackaged: boolean; disabled: boolean; updater: UpdaterLike; log: Logger }): boolean {
  if (!deps.isPackaged || deps.disabled) return false;
  deps.updater.checkForUpdatesAndNotify().catch((err: unknown) => deps.log.warn({ err }, 'update check failed'));
  return true;
}
