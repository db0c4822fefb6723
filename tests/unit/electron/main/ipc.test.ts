import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_PREFIX, channelNames, shellChannelNames } from '../../../../electron/shared/contract.js';
import { AppApi } from '../../../../electron/services/app/app-api.js';
import type { Earshot } from '../../../../electron/services/earshot.js';
import { testEarshot } from '../../../helpers/earshot.js';

// Electron cannot run here: dialog and shell are replaced (the one place a mock is acceptable). Behind the IPC
// handlers runs the real AppApi on real Earshot services (SQLite in a temp folder; the engine is not started).
const electron = vi.hoisted(() => ({
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  shell: { showItemInFolder: vi.fn(), openExternal: vi.fn() },
  BrowserWindow: class {},
}));
vi.mock('electron', () => electron);

const { registerIpc, isTrustedSender } = await import('../../../../electron/main/ipc.js');

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

/** ipcMain's handle/removeHandler, recording what main registers. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (name: string, fn: Handler) => {
      if (handlers.has(name)) throw new Error(`second handler for ${name}`);
      handlers.set(name, fn);
    },
    removeHandler: (name: string) => handlers.delete(name),
  };
}

function fakeWindow() {
  const webContents = { id: 1 };
  return { webContents, isDestroyed: () => false } as unknown as Electron.BrowserWindow;
}

describe('IPC wiring (electron mocked, real AppApi)', () => {
  let dataDir: string;
  let earshot: Earshot;
  let api: AppApi;
  const ipcMain = fakeIpcMain();
  const win = fakeWindow();
  const fromApp = { sender: win.webContents, senderFrame: { parent: null, url: 'app://earshot/index.html' } };
  let unregister: () => void;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-ipc-'));
    earshot = testEarshot(dataDir, {}, { appVersion: '0.1.0' });
    api = new AppApi({ earshot, policy: { mode: 'trusted' } });
    unregister = registerIpc({ ipcMain: ipcMain as unknown as Electron.IpcMain, api, window: () => win, devServer: null });
  });
  afterAll(async () => {
    await earshot.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (channel: string, event: unknown, ...args: unknown[]) => ipcMain.handlers.get(`${CHANNEL_PREFIX}${channel}`)!(event, ...args);

  it('registers exactly the contract and shell channels, with the earshot: prefix', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channelNames, ...shellChannelNames].map((c) => `${CHANNEL_PREFIX}${c}`).sort());
  });

  it('dispatches a request from the app window to the AppApi', async () => {
    expect(await call('version.get', fromApp, {}, '2.0.1.0')).toEqual({ ok: true, value: { appVersion: '0.1.0', protocolVersion: 2 } });
    expect(await call('jobs.list', fromApp, {}, '2.0.1.0')).toEqual({ ok: true, value: { jobs: [], nextCursor: null } });
    expect(await call('jobs.get', fromApp, { id: '00000000-0000-4000-8000-000000000000' }, '2.0.1.0')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('jobs.get', fromApp, { id: 7 }, '2.0.1.0')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('answers VERSION_MISMATCH to a renderer of another protocol or none', async () => {
    expect(await call('jobs.list', fromApp, {}, '3.0.1.0')).toMatchObject({ ok: false, error: { code: 'VERSION_MISMATCH', message: expect.stringContaining('"3.0.1.0"') } });
    expect(await call('jobs.list', fromApp, {})).toMatchObject({ ok: false, error: { code: 'VERSION_MISMATCH' } });
  });

  it('refuses senders other than the main frame of the app window showing the app', async () => {
    const foreign = [
      { sender: { id: 2 }, senderFrame: { parent: null, url: 'app://earshot/index.html' } },
      { sender: win.webContents, senderFrame: { parent: {}, url: 'app://earshot/frame.html' } },
      { sender: win.webContents, senderFrame: { parent: null, url: 'https://evil.example/' } },
      { sender: win.webContents, senderFrame: null },
    ];
    for (const event of foreign) {
      expect(isTrustedSender(event as never, win, null)).toBe(false);
      expect(await call('jobs.list', event, {}, '2.0.1.0')).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
      expect(await call('shell.pickPaths', event, { kind: 'files' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(isTrustedSender(fromApp as never, null, null)).toBe(false);
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('opens native pickers for files (audio/video filter) and folders', async () => {
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/m/a.mp3', '/m/b.mkv'] });
    expect(await call('shell.pickPaths', fromApp, { kind: 'files' })).toEqual({ ok: true, value: ['/m/a.mp3', '/m/b.mkv'] });
    const options = electron.dialog.showOpenDialog.mock.calls[0]![1] as { properties: string[]; filters: Array<{ extensions: string[] }> };
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    expect(options.filters[0]!.extensions).toEqual(expect.arrayContaining(['wav', 'mp3', 'mp4', 'mkv', 'webm']));
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await call('shell.pickPaths', fromApp, { kind: 'folder' })).toEqual({ ok: true, value: [] });
    expect((electron.dialog.showOpenDialog.mock.calls[1]![1] as { properties: string[] }).properties).toContain('openDirectory');
    expect(await call('shell.pickPaths', fromApp, { kind: 'everything' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('opens the native save dialog for an export (the path the renderer then hands to transcripts.export)', async () => {
    const target = path.join(dataDir, 'exports', 'talk.srt');
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await call('shell.pickSavePath', fromApp, { defaultName: 'talk.srt' })).toEqual({ ok: true, value: target });
    expect((electron.dialog.showSaveDialog.mock.calls[0]![1] as { defaultPath: string }).defaultPath).toBe('talk.srt');
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await call('shell.pickSavePath', fromApp, { defaultName: 'talk.srt' })).toEqual({ ok: true, value: null });
    expect(await call('shell.pickSavePath', fromApp, {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('shows an existing file in the file manager and refuses a missing one', async () => {
    expect(await call('shell.showInFolder', fromApp, { path: dataDir })).toEqual({ ok: true, value: {} });
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith(dataDir);
    expect(await call('shell.showInFolder', fromApp, { path: path.join(dataDir, 'gone.txt') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('removes every handler on unregister', () => {
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
