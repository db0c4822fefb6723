import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, updateSettings } from '../../../../../electron/services/settings/settings-file.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

describe('settings.json', () => {
  const tempDir = useTempDir('earshot-settings-');

  it('reads a missing file as empty and keeps keys it does not own', async () => {
    const file = path.join(tempDir(), 'settings.json');
    expect(await readSettings(file)).toEqual({});
    await writeFile(file, JSON.stringify({ theme: 'dark' }));
    await updateSettings(file, { defaultModel: 'base.en' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ theme: 'dark', defaultModel: 'base.en' });
    await updateSettings(file, { defaultModel: undefined });
    expect(await readSettings(file)).toEqual({ theme: 'dark' });
  });

  it('reports a corrupt file with its path', async () => {
    const file = path.join(tempDir(), 'settings.json');
    await writeFile(file, '{ nope');
    await expect(readSettings(file)).rejects.toThrow(new RegExp(`^${file}: settings are not valid JSON`));
  });
});
