import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_PREFIX, IPC_EVENT_CHANNEL, channelNames, shellChannelNames } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { loadConfig } from '../../../../electron/services/config.js';
import { ForkLauncher } from '../../../../native/engine/launcher.js';
import { testModelPath } from '../../../helpers/paths.js';

const model = testModelPath();

type Listener = (...args: unknown[]) => void;

// Electron cannot run here: its main-process API is replaced (the one place a mock is acceptable). Behind it run
// the real Earshot services (SQLite, engine host process) and AppApi on a temp data directory.
const electron = vi.hoisted(() => {
  class FakeWebContents {
    listeners = new Map<string, Listener>();
    sent: Array<[string, ...unknown[]]> = [];
    session = { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} };
    setWindowOpenHandler() {}
    on(event: string, fn: Listener) {
      this.listeners.set(event, fn);
    }
    send(channel: string, ...args: unknown[]) {
      this.sent.push([channel, ...args]);
    }
  }
  class FakeBrowserWindow {
    static all: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    loaded: string | null = null;
    listeners = new Map<string, Listener>();
    constructor(readonly options: object) {
      FakeBrowserWindow.all.push(this);
    }
    once() {}
    on(event: string, fn: Listener) {
      this.listeners.set(event, fn);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    focus() {}
  }
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  return {
    handlers,
    app: { getVersion: () => '0.1.0', isPackaged: false },
    ipcMain: {
      handle: (name: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => handlers.set(name, fn),
      removeHandler: (name: string) => handlers.delete(name),
    },
    BrowserWindow: FakeBrowserWindow,
    protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() },
    session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() } } },
    net: { fetch: vi.fn() },
    shell: { openExternal: vi.fn(), showItemInFolder: vi.fn() },
    dialog: { showOpenDialog: vi.fn() },
    Notification: { isSupported: (): boolean => false },
    utilityProcess: { fork: vi.fn() },
  };
});
vi.mock('electron', () => electron);

const { EarshotApp } = await import('../../../../electron/main/earshot-app.js');

describe('EarshotApp lifecycle (electron mocked, real services)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-app-'));
  const updater = { checkForUpdatesAndNotify: vi.fn(() => Promise.resolve(null)) };
  const earshot = new EarshotApp({
    rendererDir: path.join(dataDir, 'renderer'),
    preload: path.join(dataDir, 'preload', 'index.cjs'),
    devServer: null,
    config: loadConfig({ dataDir, concurrency: 1 }),
    launcher: new ForkLauncher(),
    updater,
  });
  const win = () => electron.BrowserWindow.all[0]!;
  const fromWindow = () => ({ sender: win().webContents, senderFrame: { parent: null, url: 'app://earshot/index.html' } });
  const call = (channel: string, input: unknown) => electron.handlers.get(`${CHANNEL_PREFIX}${channel}`)!(fromWindow(), input, '2.0.1.0') as Promise<{ ok: boolean; value?: unknown }>;

  beforeAll(async () => {
    await earshot.start();
  });
  afterAll(async () => {
    await earshot.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the renderer on app:, opens one window on it and registers every channel', () => {
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.BrowserWindow.all).toHaveLength(1);
    expect(win().loaded).toBe('app://earshot/index.html');
    expect([...electron.handlers.keys()].sort()).toEqual([...channelNames, ...shellChannelNames].map((c) => `${CHANNEL_PREFIX}${c}`).sort());
    expect(updater.checkForUpdatesAndNotify).not.toHaveBeenCalled();
    expect(fs.existsSync(path.join(dataDir, 'earshot.db'))).toBe(true);
  });

  it.skipIf(!model)('pushes job events to the window on the event channel', async () => {
    const missing = path.join(dataDir, 'missing.wav');
    const enqueued = (await call('jobs.enqueue', { paths: [missing], params: { model: model! } })) as { ok: true; value: { jobs: Job[] } };
    expect(enqueued.ok).toBe(true);
    const id = enqueued.value.jobs[0]!.id;
    const statuses = () => win().webContents.sent.filter(([ch, ev, job]) => ch === IPC_EVENT_CHANNEL && ev === 'job.changed' && (job as Job).id === id).map(([, , job]) => (job as Job).status);
    for (let i = 0; i < 300 && !statuses().includes('failed'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(statuses()[0]).toBe('queued');
    expect(statuses()).toContain('failed');
  }, 60_000);

  it('finalises the page recording when the window reloads, and offers it afterwards', async () => {
    const rec = (await call('recordings.start', { mimeType: 'audio/webm' })) as { ok: true; value: { id: string } };
    expect(rec.ok).toBe(true);
    const chunk = Buffer.alloc(512, 7).toString('base64'); // not media: remuxing fails and the raw file is kept, which is enough here
    expect(await call('recordings.append', { id: rec.value.id, seq: 0, chunkBase64: chunk })).toMatchObject({ ok: true });
    expect(await call('recordings.listUnfinished', {})).toEqual({ ok: true, value: [] });
    win().webContents.listeners.get('did-start-navigation')!({ isMainFrame: true, isSameDocument: false });
    let offered: Array<{ id: string }> = [];
    for (let i = 0; i < 50 && offered.length === 0; i++) {
      offered = ((await call('recordings.listUnfinished', {})) as { value: Array<{ id: string }> }).value;
      if (offered.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(offered.map((r) => r.id)).toEqual([rec.value.id]);
  });

  it('stop() removes the handlers and closes the services; a second stop is harmless', async () => {
    await earshot.stop();
    expect(electron.handlers.size).toBe(0);
    await earshot.stop();
  });
});
