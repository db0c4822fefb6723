import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { setupUpdater } from '../../../../electron/main/updater.js';

const log = pino({ level: 'silent' });

describe('setupUpdater', () => {
  it('checks for updates only in a packaged app with updates not disabled', () => {
    const updater = { checkForUpdatesAndNotify: vi.fn(() => Promise.resolve(null)) };
    expect(setupUpdater({ isPackaged: false, disabled: false, updater, log })).toBe(false);
    expect(setupUpdater({ isPackaged: true, disabled: true, updater, log })).toBe(false);
    expect(updater.checkForUpdatesAndNotify).not.toHaveBeenCalled();
    expect(setupUpdater({ isPackaged: true, disabled: false, updater, log })).toBe(true);
    expect(updater.checkForUpdatesAndNotify).toHaveBeenCalledTimes(1);
  });

  it('logs a failed check instead of throwing (Earshot works offline)', async () => {
    const warn = vi.fn();
    const updater = { checkForUpdatesAndNotify: () => Promise.reject(new Error('getaddrinfo ENOTFOUND')) };
    expect(setupUpdater({ isPackaged: true, disabled: false, updater, log: { ...log, warn } as unknown as typeof log })).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(warn).toHaveBeenCalledWith({ err: expect.any(Error) }, 'update check failed');
  });
});
