import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_PREFIX, IPC_EVENT_CHANNEL, channelNames } from '../../../../electron/shared/contract.js';

// Electron cannot run here: its preload API is replaced (the one place a mock is acceptable).
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  webUtils: { getPathForFile: vi.fn((_file: unknown) => '/home/me/talk.wav') },
}));
vi.mock('electron', () => electron);

const { bridge } = await import('../../../../electron/preload/index.js');

describe('preload bridge (electron mocked)', () => {
  beforeEach(() => {
    electron.ipcRenderer.invoke.mockReset();
    electron.ipcRenderer.on.mockReset();
    electron.ipcRenderer.removeListener.mockReset();
  });

  it('exposes window.earshot through contextBridge', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledWith('earshot', bridge);
  });

  it('forwards every contract channel with the earshot: prefix and the frontend version', async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: [] });
    for (const channel of channelNames) {
      await expect(bridge.invoke(channel, { x: 1 }, '2.0.1.0')).resolves.toEqual({ ok: true, value: [] });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(`${CHANNEL_PREFIX}${channel}`, { x: 1 }, '2.0.1.0');
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(channelNames.length);
  });

  it('refuses a channel the contract does not have without touching IPC', async () => {
    for (const channel of ['jobs.nuke', 'shell.pickPaths', '__proto__', 'earshot:jobs.list']) {
      await expect(bridge.invoke(channel, {}, '2.0.1.0')).resolves.toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining(channel) } });
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('delivers only the subscribed event and unsubscribes the same listener', () => {
    const cb = vi.fn();
    const off = bridge.on('job.changed', cb);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, expect.any(Function));
    const listener = electron.ipcRenderer.on.mock.calls[0]![1] as (e: unknown, name: string, payload: unknown) => void;
    listener({}, 'job.progress', { jobId: 'a', progress: 0.5 });
    listener({}, 'job.changed', { id: 'a' });
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb).toHaveBeenCalledWith({ id: 'a' });
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, listener);
    expect(() => bridge.on('job.exploded', cb)).toThrow(/unknown event/);
  });

  it('unwraps the shell channels and maps dropped files to paths', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: ['/a.wav', '/b.mp3'] });
    await expect(bridge.pickPaths('files')).resolves.toEqual(['/a.wav', '/b.mp3']);
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('earshot:shell.pickPaths', { kind: 'files' });
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'NOT_FOUND', message: '/gone: no such file' } });
    await expect(bridge.showInFolder('/gone')).rejects.toThrow('[NOT_FOUND] /gone: no such file');
    expect(bridge.pathForFile({ name: 'talk.wav' } as File)).toBe('/home/me/talk.wav');
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: '/home/me/talk.srt' });
    await expect(bridge.pickSavePath('talk.srt')).resolves.toBe('/home/me/talk.srt');
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('earshot:shell.pickSavePath', { defaultName: 'talk.srt' });
  });
});
