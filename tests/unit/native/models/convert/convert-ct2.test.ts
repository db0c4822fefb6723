import { rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertCt2ToGgml } from '../../../../../native/models/convert/convert-ct2.js';
import { inspectGgml } from '../../../../../native/models/ggml-inspect.js';
import { f32, writeCt2Model, type Ct2TestVariable } from '../../../../helpers/models-ct2-writer.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const D = 4; // model width
const VOCAB = 5;

/** Values 0, 1, 2, … scaled, so every element of every tensor is distinguishable. */
function seq(n: number, start: number): number[] {
  return Array.from({ length: n }, (_, i) => start + i / 16);
}

/** A complete one-layer Whisper spec with width 4, all f32 except an int8 FFN weight with its scale. */
function spec(): { vars: Record<string, Ct2TestVariable>; aliases: Record<string, string> } {
  const vars: Record<string, Ct2TestVariable> = {};
  let next = 1;
  const t = (name: string, shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    vars[name] = { shape, dtype: 0, data: f32(seq(n, next)) };
    next += 100;
  };
  const scalar16 = (name: string, v: number) => {
    const b = Buffer.alloc(2);
    b.writeInt16LE(v);
    vars[name] = { shape: [], dtype: 2, data: b };
  };
  const linear = (p: string, out: number, inp: number) => {
    t(`${p}/weight`, [out, inp]);
    t(`${p}/bias`, [out]);
  };
  const norm = (p: string) => {
    t(`${p}/gamma`, [D]);
    t(`${p}/beta`, [D]);
  };
  t('encoder/conv1/weight', [D, 80, 3]);
  t('encoder/conv1/bias', [D]);
  t('encoder/conv2/weight', [D, D, 3]);
  t('encoder/conv2/bias', [D]);
  t('encoder/position_encodings/encodings', [1500, D]);
  norm('encoder/layer_norm');
  scalar16('encoder/num_heads', 1);
  norm('encoder/layer_0/self_attention/layer_norm');
  linear('encoder/layer_0/self_attention/linear_0', 3 * D, D);
  linear('encoder/layer_0/self_attention/linear_1', D, D);
  norm('encoder/layer_0/ffn/layer_norm');
  linear('encoder/layer_0/ffn/linear_0', 4 * D, D);
  linear('encoder/layer_0/ffn/linear_1', D, 4 * D);
  t('decoder/embeddings/weight', [VOCAB, D]);
  t('decoder/position_encodings/encodings', [448, D]);
  norm('decoder/layer_norm');
  scalar16('decoder/num_heads', 1);
  norm('decoder/layer_0/self_attention/layer_norm');
  linear('decoder/layer_0/self_attention/linear_0', 3 * D, D);
  linear('decoder/layer_0/self_attention/linear_1', D, D);
  norm('decoder/layer_0/attention/layer_norm');
  linear('decoder/layer_0/attention/linear_0', D, D);
  linear('decoder/layer_0/attention/linear_1', 2 * D, D);
  linear('decoder/layer_0/attention/linear_2', D, D);
  norm('decoder/layer_0/ffn/layer_norm');
  linear('decoder/layer_0/ffn/linear_0', 4 * D, D);
  linear('decoder/layer_0/ffn/linear_1', D, 4 * D);
  // int8 weight: row r holds q = [r, -r, 2r, …], scale[r] = 2 -> w = q / 2.
  const q = Buffer.alloc(D * 4 * D);
  for (let r = 0; r < D; r++) for (let c = 0; c < 4 * D; c++) q.writeInt8(((c % 2 ? -1 : 1) * (r + c)) % 100, r * 4 * D + c);
  vars['decoder/layer_0/ffn/linear_1/weight'] = { shape: [D, 4 * D], dtype: 1, data: q };
  vars['decoder/layer_0/ffn/linear_1/weight_scale'] = { shape: [D], dtype: 0, data: f32([2, 2, 2, 2]) };
  return { vars, aliases: { 'decoder/projection/weight': 'decoder/embeddings/weight' } };
}

/** Reads the named tensor of a ggml file as numbers (f32 or f16). */
async function tensor(file: string, name: string): Promise<{ ne: number[]; type: number; values: number[] }> {
  const b = await readFile(file);
  let p = 48;
  p += 8 + b.readInt32LE(48) * 201 * 4;
  const n = b.readInt32LE(p);
  p += 4;
  for (let i = 0; i < n; i++) p += 4 + b.readUInt32LE(p);
  while (p < b.length) {
    const nd = b.readInt32LE(p);
    const nl = b.readInt32LE(p + 4);
    const type = b.readInt32LE(p + 8);
    const ne = Array.from({ length: nd }, (_, i) => b.readInt32LE(p + 12 + 4 * i));
    const tname = b.toString('utf8', p + 12 + 4 * nd, p + 12 + 4 * nd + nl);
    const count = ne.reduce((a, c) => a * c, 1);
    const start = p + 12 + 4 * nd + nl;
    if (tname === name) {
      const values = Array.from({ length: count }, (_, i) => (type === 0 ? b.readFloatLE(start + 4 * i) : halfToNumber(b.readUInt16LE(start + 2 * i))));
      return { ne, type, values };
    }
    p = start + count * (type === 0 ? 4 : 2);
  }
  throw new Error(`no tensor ${name}`);
}

function halfToNumber(h: number): number {
  const e = (h >> 10) & 31;
  const m = h & 1023;
  const v = e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15);
  return h & 0x8000 ? -v : v;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'earshot-ct2-unit-'));
  const { vars, aliases } = spec();
  await writeCt2Model(path.join(dir, 'model.bin'), vars, aliases);
  // Tokens: byte-level strings; eot at index 3 (a small made-up vocabulary).
  await writeFile(path.join(dir, 'vocabulary.txt'), ['a', 'Ġb', 'Ċ', '<|endoftext|>', '<|startoftranscript|>'].join('\n') + '\n');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('convertCt2ToGgml (synthetic CTranslate2 model)', () => {
  const tempDir = useTempDir('earshot-ct2-unit-');

  it('keeps an f32 source in f32 (ftype 0) and maps every tensor with the right slices', async () => {
    const out = path.join(dir, 'f32.bin');
    const r = await convertCt2ToGgml(dir, out);
    expect(r.hparams).toMatchObject({ n_vocab: VOCAB, n_audio_state: D, n_audio_layer: 1, n_text_layer: 1, ftype: 0 });
    const info = await inspectGgml(out);
    expect(info.tensors).toBe(50);
    expect(info.nTokens).toBe(3);

    const { vars } = spec();
    const src = (name: string) => Array.from(new Float32Array(vars[name]!.data.buffer, vars[name]!.data.byteOffset, vars[name]!.data.length / 4));
    const qkv = src('encoder/layer_0/self_attention/linear_0/weight');
    expect((await tensor(out, 'encoder.blocks.0.attn.query.weight')).values).toEqual(qkv.slice(0, D * D));
    expect((await tensor(out, 'encoder.blocks.0.attn.key.weight')).values).toEqual(qkv.slice(D * D, 2 * D * D));
    expect((await tensor(out, 'encoder.blocks.0.attn.value.weight')).values).toEqual(qkv.slice(2 * D * D));
    expect((await tensor(out, 'encoder.blocks.0.attn.value.bias')).values).toEqual(src('encoder/layer_0/self_attention/linear_0/bias').slice(2 * D));
    const kv = src('decoder/layer_0/attention/linear_1/weight');
    expect((await tensor(out, 'decoder.blocks.0.cross_attn.key.weight')).values).toEqual(kv.slice(0, D * D));
    expect((await tensor(out, 'decoder.blocks.0.cross_attn.value.weight')).values).toEqual(kv.slice(D * D));
    const conv = await tensor(out, 'encoder.conv1.bias');
    expect(conv.ne).toEqual([1, D]);
    const dq = await tensor(out, 'decoder.blocks.0.mlp.2.weight');
    expect(dq.ne).toEqual([4 * D, D]);
    expect(dq.values.slice(0, 4)).toEqual([0, -0.5, 1, -1.5]); // q / scale for row 0
    expect((await tensor(out, 'decoder.token_embedding.weight')).values).toEqual(src('decoder/embeddings/weight'));
  });

  it('writes f16 weights and f32 biases when asked for f16', async () => {
    const out = path.join(dir, 'f16.bin');
    const r = await convertCt2ToGgml(dir, out, { precision: 'f16' });
    expect(r.hparams.ftype).toBe(1);
    expect((await tensor(out, 'encoder.blocks.0.mlp.0.weight')).type).toBe(1);
    expect((await tensor(out, 'encoder.conv1.weight')).type).toBe(1);
    expect((await tensor(out, 'encoder.blocks.0.mlp.0.bias')).type).toBe(0);
    expect((await tensor(out, 'decoder.positional_embedding')).type).toBe(0);
    expect((await inspectGgml(out)).weightType).toBe('f16');
  });

  it('refuses a vocabulary whose size differs from the model, naming the folder', async () => {
    const other = tempDir();
    const { vars, aliases } = spec();
    await writeCt2Model(path.join(other, 'model.bin'), vars, aliases);
    await writeFile(path.join(other, 'vocabulary.txt'), 'a\n<|endoftext|>\n');
    await expect(convertCt2ToGgml(other, path.join(other, 'x.bin'))).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: `${other}: vocabulary has 2 tokens but the model has ${VOCAB}`,
    });
  });
});
