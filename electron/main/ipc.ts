import path from 'node:path';
import fs from 'node:fs';
import { type BrowserWindow, type IpcMain, type IpcMainInvokeEvent, dialog, shell } from 'electron';
import type { z } from 'zod';
import { CHANNEL_PREFIX, type Envelope, type ShellChannel, channelNames, shellChannelNames, shellRequests } from '../shared/contract.js';
import { EarshotError } from '../shared/errors.js';
import type { AppApi } from '../services/app/app-api.js';
import { runChecked } from '../services/app/run-checked.js';
import { MEDIA_EXTENSIONS } from '../shared/media.js';
import { isAppUrl } from './window.js';

/** The `clientId` of the app window: its recordings are finalised when the page reloads or its renderer dies. */
export const WINDOW_CLIENT_ID = 'electron:window';

/**
 * Whether an IPC message comes from the app's own window, from its main frame, showing the app's own page
 * (VS Code's ipcMain.ts validates senders the same way). A subframe, another window or a page navigated elsewhere
 * is refused.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, win: BrowserWindow | null, devServer: string | null): boolean {
  const frame = event.senderFrame;
  if (!win || win.isDestroyed() || !frame) return false;
  if (event.sender !== win.webContents) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url, devServer);
}

const forbidden = (channel: string): Envelope<never> => ({
  ok: false,
  error: { code: 'FORBIDDEN', message: `${channel}: refused, the request does not come from the Earshot window` },
});

/** What registerIpc needs; the window is looked up per message (it may be re-created on macOS). */
export interface IpcDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  api: AppApi;
  window: () => BrowserWindow | null;
  devServer: string | null;
}

type ShellHandlers = { [C in ShellChannel]: (input: z.output<(typeof shellRequests)[C]['input']>) => Promise<z.output<(typeof shellRequests)[C]['output']>> };

function shellHandlers(window: () => BrowserWindow | null): ShellHandlers {
  return {
    'shell.pickPaths': async ({ kind }) => {
      const win = window();
      const options: Electron.OpenDialogOptions = {
        properties: kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'],
        filters: kind === 'files' ? [{ name: 'Audio and video', extensions: MEDIA_EXTENSIONS.map((e) => e.slice(1)) }, { name: 'All files', extensions: ['*'] }] : [],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    'shell.pickSavePath': async ({ defaultName }) => {
      const win = window();
      const options: Electron.SaveDialogOptions = { defaultPath: defaultName, properties: ['createDirectory', 'showOverwriteConfirmation'] };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    'shell.showInFolder': async ({ path: file }) => {
      const abs = path.resolve(file);
      if (!fs.existsSync(abs)) throw new EarshotError('NOT_FOUND', `${abs}: no such file`);
      shell.showItemInFolder(abs);
      return {};
    },
  };
}

async function dispatchShell(channel: ShellChannel, raw: unknown, handlers: ShellHandlers): Promise<Envelope<unknown>> {
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await runChecked(channel, shellRequests[channel], raw, handler) };
  } catch (err) {
    const e = EarshotError.from(err);
    return { ok: false, error: { code: e.code, message: e.message } };
  }
}

/**
 * Registers one `ipcMain.handle` per contract channel (`earshot:<channel>`) and per shell channel, generated from
 * the contract's tables: nothing else is handled, so an unknown channel has no handler, and the preload refuses it
 * before sending. Each handler refuses foreign senders (FORBIDDEN) and answers an envelope:
 * `(event, input, frontendVersion) => Envelope`. Returns a function that removes every handler.
 */
export function registerIpc(deps: IpcDeps): () => void {
  const registered: string[] = [];
  for (const channel of channelNames) {
    const name = `${CHANNEL_PREFIX}${channel}`;
    deps.ipcMain.handle(name, async (event, input: unknown, frontendVersion: unknown) => {
      if (!isTrustedSender(event, deps.window(), deps.devServer)) return forbidden(channel);
      return deps.api.dispatch(channel, input, typeof frontendVersion === 'string' ? frontendVersion : 'missing', { clientId: WINDOW_CLIENT_ID });
    });
    registered.push(name);
  }
  const shellImpl = shellHandlers(deps.window);
  for (const channel of shellChannelNames) {
    const name = `${CHANNEL_PREFIX}${channel}`;
    deps.ipcMain.handle(name, async (event, input: unknown) => {
      if (!isTrustedSender(event, deps.window(), deps.devServer)) return forbidden(channel);
      return dispatchShell(channel, input, shellImpl);
    });
    registered.push(name);
  }
  return () => registered.forEach((name) => deps.ipcMain.removeHandler(name));
}
