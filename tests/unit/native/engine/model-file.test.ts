import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EarshotError } from '../../../../electron/shared/errors.js';
import { assertModelFile } from '../../../../native/engine/model-file.js';
import { JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const tempDir = useTempDir('earshot-model-');
const model = testModelPath();

describe('assertModelFile', () => {
  it('rejects a missing file, a folder and a non-ggml file with MODEL_INVALID naming it', async () => {
    const dir = tempDir();
    const missing = path.join(dir, 'ggml-none.bin');
    const text = path.join(dir, 'ggml-text.bin');
    fs.writeFileSync(text, 'this is not a model');
    for (const p of [missing, dir, text, JFK_WAV]) {
      const err = (await assertModelFile(p).catch((e: unknown) => e)) as EarshotError;
      expect(err.code).toBe('MODEL_INVALID');
      expect(err.message).toContain(p);
    }
  });

  it.skipIf(!model)('reads the vocabulary size of the real test model (English-only tiny.en)', async () => {
    expect(await assertModelFile(model!)).toEqual({ nVocab: 51864, multilingual: false });
  });
});
