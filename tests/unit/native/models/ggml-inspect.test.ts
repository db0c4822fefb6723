import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferModelName, inspectGgml } from '../../../../native/models/ggml-inspect.js';
import { writeSyntheticGgml } from '../../../helpers/models-synthetic.js';

let dir: string;
let good: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'earshot-ggml-'));
  good = path.join(dir, 'good.bin');
  await writeSyntheticGgml(good);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the good file changed by `edit`. */
async function variant(name: string, edit: (b: Buffer) => Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, edit(Buffer.from(await readFile(good))));
  return file;
}

describe('inspectGgml', () => {
  it('accepts a complete file and reports its shape', async () => {
    const info = await inspectGgml(good);
    expect(info.tensors).toBe(7 + 15 + 4 + 24);
    expect(info.hparams.n_audio_state).toBe(8);
    expect(info.weightType).toBe('f16');
    expect(info.multilingual).toBe(false);
    expect(info.nTokens).toBe(3);
  });

  it('rejects a truncated file, naming it', async () => {
    const file = await variant('cut.bin', (b) => b);
    await truncate(file, Math.floor((await readFile(good)).length / 2));
    await expect(inspectGgml(file)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringMatching(new RegExp(`^${file}: truncated`)) });
  });

  it('rejects a file cut exactly between tensors as incomplete', async () => {
    // header + mel + vocab only: whisper.cpp would load it as an "empty model for testing"; we refuse it.
    const file = await variant('header-only.bin', (b) => b.subarray(0, 48 + 8 + 80 * 201 * 4 + 4 + 3 * 4 + 1 + 1 + 5));
    await expect(inspectGgml(file)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('incomplete: 0 of 50 tensors') });
  });

  it('rejects random bytes, an empty file and a GGUF file with the cause', async () => {
    const random = path.join(dir, 'random.bin');
    await writeFile(random, randomBytes(4096));
    await expect(inspectGgml(random)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining(`${random}: not a whisper.cpp ggml model`) });
    const empty = path.join(dir, 'empty.bin');
    await writeFile(empty, '');
    await expect(inspectGgml(empty)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('empty file') });
    const gguf = path.join(dir, 'model.gguf');
    await writeFile(gguf, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(100)]));
    await expect(inspectGgml(gguf)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('GGUF') });
  });

  it('rejects a tensor with the wrong shape or an unknown name', async () => {
    const b = await readFile(good);
    const at = b.indexOf(Buffer.from('encoder.conv1.bias'));
    const badShape = await variant('shape.bin', (x) => {
      x.writeInt32LE(7, at - 4); // ne[1] of [1, 8] (the int32 just before the name)
      return x;
    });
    await expect(inspectGgml(badShape)).rejects.toThrow(/tensor "encoder.conv1.bias" has shape \[1,7\]/);
    const unknown = await variant('name.bin', (x) => {
      x.write('encoder.conv1.bixs', at, 'latin1');
      return x;
    });
    await expect(inspectGgml(unknown)).rejects.toThrow(/unknown tensor "encoder.conv1.bixs"/);
  });

  it('reports a missing file as MODEL_MISSING', async () => {
    await expect(inspectGgml(path.join(dir, 'nope.bin'))).rejects.toMatchObject({ code: 'MODEL_MISSING' });
  });
});

describe('inferModelName', () => {
  const h = (enc: number, dec: number, vocab: number, mels: number, ftype: number) => ({
    n_vocab: vocab, n_audio_ctx: 1500, n_audio_state: 1, n_audio_head: 1, n_audio_layer: enc,
    n_text_ctx: 448, n_text_state: 1, n_text_head: 1, n_text_layer: dec, n_mels: mels, ftype,
  });
  it('names OpenAI sizes with whisper.cpp suffixes', () => {
    expect(inferModelName(h(4, 4, 51864, 80, 1))).toBe('tiny.en');
    expect(inferModelName(h(6, 6, 51865, 80, 2009))).toBe('base-q5_1');
    expect(inferModelName(h(32, 4, 51866, 128, 2008))).toBe('large-v3-turbo-q5_0');
    expect(inferModelName(h(32, 32, 51866, 128, 1))).toBe('large-v3');
    expect(inferModelName(h(2, 2, 51864, 80, 1))).toBeNull();
  });
});
