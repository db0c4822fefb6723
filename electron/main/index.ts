import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import electronUpdater from 'electron-updater';
import { loadConfig } from '../services/config.js';
import { EarshotError } from '../shared/errors.js';
import { registerAppSchemePrivileges } from './app-protocol.js';
import { EarshotApp, builtPaths } from './earshot-app.js';
import { createUtilityLauncher } from './utility-engine.js';

/**
 * Electron entry (out/main/index.js): one instance, the app: scheme registered before ready, EarshotApp started on
 * ready and stopped before quitting (quit waits for it, so running jobs are handed back to the queue cleanly).
 */
const mainDir = path.dirname(fileURLToPath(import.meta.url));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppSchemePrivileges();
  const config = loadConfig();
  const earshot = new EarshotApp({
    ...builtPaths(mainDir),
    devServer: app.isPackaged ? null : config.rendererUrl,
    config,
    launcher: createUtilityLauncher(mainDir),
    updater: electronUpdater.autoUpdater,
  });
  let stopped = false;

  app.on('second-instance', () => earshot.focus());
  app.on('activate', () => earshot.openWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    void earshot.stop().finally(() => app.quit());
  });

  app
    .whenReady()
    .then(() => earshot.start())
    .catch((err: unknown) => {
      const e = EarshotError.from(err);
      dialog.showErrorBox('Earshot could not start', `[${e.code}] ${e.message}`);
      stopped = true;
      app.exit(1);
    });
}
