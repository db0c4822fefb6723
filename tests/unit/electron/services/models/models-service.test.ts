import { existsSync, rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsService } from '../../../../../electron/services/models/models-service.js';
import { writeSyntheticGgml } from '../../../../helpers/models-synthetic.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

let fixture: string;
const tempDir = useTempDir('earshot-svc-');

beforeAll(async () => {
  fixture = path.join(await mkdtemp(path.join(os.tmpdir(), 'earshot-svc-fx-')), 'fixture.bin');
  await writeSyntheticGgml(fixture);
});
afterAll(() => {
  if (fixture) rmSync(path.dirname(fixture), { recursive: true, force: true });
});

async function service(): Promise<ModelsService> {
  const dataDir = tempDir();
  return new ModelsService({ modelsDir: path.join(dataDir, 'models'), dataDir });
}

describe('ModelsService', () => {
  it('lists catalog models and installed files, marking the default and partial downloads', async () => {
    const svc = await service();
    await svc.import(fixture, { name: 'mine' });
    await mkdir(svc.modelsDir, { recursive: true });
    await writeFile(svc.fileFor('base.en') + '.part', Buffer.alloc(1000));
    const rows = await svc.list();
    const mine = rows.find((r) => r.name === 'mine');
    expect(mine).toMatchObject({ installed: true, inCatalog: false, isDefault: true, languages: 'en' });
    expect(rows.find((r) => r.name === 'base.en')).toMatchObject({ installed: false, inCatalog: true, partialBytes: 1000, sizeBytes: 147964211 });
    expect(rows.filter((r) => r.isDefault)).toHaveLength(1);
  });

  it('imports a ggml file under its ggml-<name>.bin name and refuses to overwrite without force', async () => {
    const svc = await service();
    const src = path.join(path.dirname(fixture), 'ggml-custom.bin');
    await copyFile(fixture, src);
    expect((await svc.import(src)).name).toBe('custom');
    await expect(svc.import(src)).rejects.toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('--force') });
    expect((await svc.import(src, { force: true })).origin).toBe('ggml');
    expect((await readdir(svc.modelsDir)).sort()).toEqual(['ggml-custom.bin']);
  });

  it('asks for --name when the shapes match no standard model', async () => {
    const svc = await service();
    await expect(svc.import(fixture)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('--name') });
    await expect(svc.import(fixture, { name: '../evil' })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });

  it('sets and clears the default; removing a model clears it and deletes its partial download', async () => {
    const svc = await service();
    await svc.import(fixture, { name: 'a' });
    await svc.import(fixture, { name: 'b' });
    await svc.setDefault('a');
    expect(await svc.resolve()).toMatchObject({ name: 'a', source: 'settings' });
    await expect(svc.setDefault('nope')).rejects.toMatchObject({ code: 'MODEL_MISSING' });
    await writeFile(svc.fileFor('a') + '.part', 'x');
    expect((await svc.remove('a')).removed).toHaveLength(2);
    expect(existsSync(svc.fileFor('a'))).toBe(false);
    expect(await svc.resolve()).toMatchObject({ name: 'b', source: 'best-installed' });
    await expect(svc.remove('a')).rejects.toMatchObject({ code: 'MODEL_MISSING' });
  });

  it('resolves names and paths for the job manager (pathFor)', async () => {
    const svc = await service();
    await svc.import(fixture, { name: 'x' });
    expect(await svc.pathFor('x')).toBe(svc.fileFor('x'));
    expect(await svc.pathFor(fixture)).toBe(fixture);
    await expect(svc.pathFor('tiny.en')).rejects.toThrow(/earshot models download tiny.en/);
  });

  it('refuses to download a name that is not in the catalog', async () => {
    const svc = await service();
    await expect(svc.download('gpt-5')).rejects.toMatchObject({ code: 'MODEL_MISSING', message: expect.stringContaining('not in the model catalog') });
  });
});
