import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../electron/services/config.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

describe('loadConfig: flags > environment > settings.json > defaults', () => {
  const tempDir = useTempDir('earshot-config-');

  it('takes each key from the highest source that sets it', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ concurrency: 3, threads: 4, backend: 'cpu', logLevel: 'info', defaultModel: 'base.en' }));
    const env = { EARSHOT_THREADS: '2', EARSHOT_MODEL: 'tiny.en', EARSHOT_FFMPEG: '/opt/ffmpeg' };
    const config = loadConfig({ dataDir, concurrency: 5 }, env);
    expect(config).toMatchObject({
      dataDir,
      concurrency: 5, // flag over settings.json
      threads: 2, // environment over settings.json
      backend: 'cpu', // settings.json over the default
      logLevel: 'info',
      model: 'tiny.en',
      ffmpegPath: '/opt/ffmpeg',
      ffprobePath: null,
      disableUpdates: false,
    });
    expect(config.childEnv).toEqual(env);
  });

  it('falls back to the defaults, and to the XDG data dir', () => {
    const home = tempDir();
    const config = loadConfig({}, { XDG_DATA_HOME: home });
    expect(config).toMatchObject({ dataDir: path.join(home, 'earshot'), concurrency: 1, threads: null, backend: 'auto', logLevel: 'warn', model: null, modelBaseUrl: null, rendererUrl: null });
    expect(loadConfig({}, {}).dataDir).toBe(path.join(os.homedir(), '.local', 'share', 'earshot'));
    expect(loadConfig({}, { EARSHOT_DATA_DIR: 'rel/dir' }).dataDir).toBe(path.resolve('rel/dir'));
  });

  it('refuses invalid values naming where they came from', () => {
    const dataDir = tempDir();
    expect(() => loadConfig({ dataDir }, { EARSHOT_CONCURRENCY: 'zero' })).toThrow(/concurrency \(EARSHOT_CONCURRENCY/);
    expect(() => loadConfig({ dataDir }, { EARSHOT_BACKEND: 'metal' })).toThrow(/backend \(EARSHOT_BACKEND/);
    expect(() => loadConfig({ dataDir }, { EARSHOT_MODEL_BASE_URL: 'not a url' })).toThrow(/EARSHOT_MODEL_BASE_URL/);
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{ not json');
    expect(() => loadConfig({ dataDir }, {})).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('settings.json') }));
  });

  it('resource limits: the duration limit and the free-space reserve, each from flag > environment > settings.json > default', () => {
    const dataDir = tempDir();
    expect(loadConfig({ dataDir }, {})).toMatchObject({ maxDurationMs: 24 * 3600_000, minFreeBytes: 1024 ** 3 });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ maxDurationMs: 7_200_000, minFreeBytes: 5_000_000 }));
    expect(loadConfig({ dataDir }, {})).toMatchObject({ maxDurationMs: 7_200_000, minFreeBytes: 5_000_000 });
    expect(loadConfig({ dataDir }, { EARSHOT_MAX_DURATION: '90m', EARSHOT_MIN_FREE: '2GB' })).toMatchObject({ maxDurationMs: 5_400_000, minFreeBytes: 2 * 1024 ** 3 });
    expect(loadConfig({ dataDir }, { EARSHOT_MAX_DURATION: '60', EARSHOT_MIN_FREE: '0' })).toMatchObject({ maxDurationMs: 60_000, minFreeBytes: 0 }); // seconds, bytes
    expect(loadConfig({ dataDir, maxDurationMs: 30_000, minFreeBytes: 1 }, { EARSHOT_MAX_DURATION: '90m', EARSHOT_MIN_FREE: '2GB' })).toMatchObject({ maxDurationMs: 30_000, minFreeBytes: 1 });
    expect(() => loadConfig({ dataDir }, { EARSHOT_MAX_DURATION: 'forever' })).toThrow(/maxDurationMs \(--duration-limit \/ EARSHOT_MAX_DURATION/);
    expect(() => loadConfig({ dataDir }, { EARSHOT_MAX_DURATION: '10ms' })).toThrow(/at least 1 s/);
    expect(() => loadConfig({ dataDir }, { EARSHOT_MIN_FREE: 'lots' })).toThrow(/minFreeBytes \(--min-free \/ EARSHOT_MIN_FREE/);
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ minFreeBytes: -1 }));
    expect(() => loadConfig({ dataDir }, {})).toThrow(/minFreeBytes .*cannot be negative/);
  });
});
