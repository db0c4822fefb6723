import { rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../../electron/services/models/catalog.js';
import { resolveModel } from '../../../../../electron/services/models/resolve-model.js';
import { writeSyntheticGgml } from '../../../../helpers/models-synthetic.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const catalog = loadCatalog();
let fixtures: string;
const tempDir = useTempDir('earshot-resolve-');

beforeAll(async () => {
  fixtures = await mkdtemp(path.join(os.tmpdir(), 'earshot-resolve-fx-'));
  await writeSyntheticGgml(path.join(fixtures, 'small.bin'), { audioLayers: 1, textLayers: 1 });
  await writeSyntheticGgml(path.join(fixtures, 'deep.bin'), { audioLayers: 2, textLayers: 1 });
});
afterAll(() => {
  if (fixtures) rmSync(fixtures, { recursive: true, force: true });
});

/** A models dir holding copies of the fixtures under the given names. */
async function store(files: Record<string, 'small' | 'deep'>): Promise<string> {
  const dir = path.join(tempDir(), 'models');
  await mkdir(dir, { recursive: true });
  for (const [name, fx] of Object.entries(files)) await copyFile(path.join(fixtures, `${fx}.bin`), path.join(dir, `ggml-${name}.bin`));
  return dir;
}

describe('resolveModel', () => {
  it('prefers --model, then $EARSHOT_MODEL, then settings, then the best installed', async () => {
    const modelsDir = await store({ a: 'small', b: 'small', c: 'small', d: 'deep' });
    const configured = 'b';
    const settings = { defaultModel: 'c' };
    expect(await resolveModel({ flag: 'a', configured, settings, modelsDir })).toMatchObject({ name: 'a', source: 'flag', path: path.join(modelsDir, 'ggml-a.bin') });
    expect(await resolveModel({ configured, settings, modelsDir })).toMatchObject({ name: 'b', source: 'env' });
    expect(await resolveModel({ settings, modelsDir })).toMatchObject({ name: 'c', source: 'settings' });
    expect(await resolveModel({ modelsDir })).toMatchObject({ name: 'd', source: 'best-installed' });
  });

  it('ranks by encoder layers, then decoder layers, then file size', async () => {
    const modelsDir = await store({ 'z-small': 'small', 'a-deep': 'deep' });
    expect((await resolveModel({ modelsDir })).name).toBe('a-deep');
  });

  it('accepts a path to a ggml file', async () => {
    const modelsDir = await store({});
    const file = path.join(fixtures, 'small.bin');
    expect(await resolveModel({ flag: file, modelsDir })).toEqual({ name: file, path: file, source: 'flag' });
  });

  it('never replaces an explicit choice that is missing: says how to fetch it', async () => {
    const modelsDir = await store({ a: 'small' });
    await expect(resolveModel({ flag: 'base.en', modelsDir, catalog })).rejects.toMatchObject({
      code: 'MODEL_MISSING',
      message: expect.stringContaining('`earshot models download base.en`'),
    });
    await expect(resolveModel({ configured: 'my-finetune', modelsDir, catalog })).rejects.toThrow(/earshot models import <path> --name my-finetune.*\$EARSHOT_MODEL|\$EARSHOT_MODEL.*earshot models import/s);
    await expect(resolveModel({ flag: './missing.bin', modelsDir })).rejects.toMatchObject({ code: 'MODEL_MISSING' });
  });

  it('with nothing installed, names the commands that fetch a model', async () => {
    const modelsDir = await store({});
    await expect(resolveModel({ modelsDir })).rejects.toMatchObject({
      code: 'MODEL_MISSING',
      message: expect.stringMatching(/no whisper model is installed in .*`earshot models download base\.en`.*`earshot models import <folder>`/s),
    });
  });

  it('skips unreadable files when picking the best installed model and says so', async () => {
    const modelsDir = await store({});
    await writeFile(path.join(modelsDir, 'ggml-junk.bin'), 'not a model');
    await expect(resolveModel({ modelsDir })).rejects.toThrow(/1 unreadable file/);
  });
});
