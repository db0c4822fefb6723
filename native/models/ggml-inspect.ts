import { open, type FileHandle } from 'node:fs/promises';
import { EarshotError } from '../../electron/shared/errors.js';
import {
  expectedTensors,
  FTYPE_TO_WTYPE,
  GGML_MAGIC,
  GGML_QNT_VERSION_FACTOR,
  GGML_TYPES,
  HPARAM_FIELDS,
  isMultilingualVocab,
  tensorBytes,
  tensorType,
  type WhisperHparams,
} from './convert/ggml-format.js';
import { WHISPER_N_FFT_BINS } from './convert/mel-filters.js';

/** What a valid whisper.cpp ggml model file holds. */
export interface GgmlInfo {
  path: string;
  sizeBytes: number;
  /** hparams as stored; `ftype` includes the quantisation version (× 1000). */
  hparams: WhisperHparams;
  /** Weight type name: f32, f16, q5_0, q5_1, q8_0, … */
  weightType: string;
  nTokens: number;
  tensors: number;
  /** n_vocab ≥ MULTILINGUAL_VOCAB (whisper.cpp `whisper_is_multilingual`). */
  multilingual: boolean;
  /** Standard name guessed from the shapes (tiny.en, base, large-v3-turbo-q5_0, …), or null. */
  inferredName: string | null;
}

/**
 * Validates a whisper.cpp ggml model file the way whisper.cpp's loader will read it (layout in
 * ./convert/ggml-format.ts), without loading the weights: magic, hparams, mel filters, vocabulary, then every tensor
 * header, seeking past the data: each name must be one whisper.cpp expects, with the expected shape and byte size,
 * none missing, none twice, and the data must not run past the end of the file.
 * With `headerOnly` it stops after the vocabulary (cheap, for ranking installed models).
 * Throws MODEL_INVALID whose message starts with the path and says what is wrong.
 */
export async function inspectGgml(file: string, opts: { headerOnly?: boolean } = {}): Promise<GgmlInfo> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    throw new EarshotError('MODEL_MISSING', `${file}: cannot open model file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
  }
  try {
    return await inspect(fh, file, opts.headerOnly ?? false);
  } finally {
    await fh.close();
  }
}

async function inspect(fh: FileHandle, file: string, headerOnly: boolean): Promise<GgmlInfo> {
  const size = (await fh.stat()).size;
  const bad = (why: string): EarshotError => new EarshotError('MODEL_INVALID', `${file}: ${why}`);
  const read = async (pos: number, len: number, what: string): Promise<Buffer> => {
    if (pos + len > size) throw bad(`truncated: ${what} needs bytes up to ${pos + len}, the file ends at ${size}`);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, pos);
    return buf;
  };

  if (size === 0) throw bad('empty file, not a whisper.cpp ggml model');
  const head = await read(0, Math.min(size, 4 + 4 * HPARAM_FIELDS.length), 'the header');
  const magic = head.length >= 4 ? head.readUInt32LE(0) : -1;
  if (magic !== GGML_MAGIC) {
    const ascii = head.subarray(0, 4).toString('latin1');
    if (ascii === 'GGUF') throw bad('a GGUF file; whisper.cpp needs the legacy ggml format (ggml-<name>.bin)');
    throw bad(`not a whisper.cpp ggml model (starts with 0x${head.subarray(0, 4).toString('hex')}, expected 6c6d6767 "lmgg")`);
  }
  if (head.length < 4 + 4 * HPARAM_FIELDS.length) throw bad(`truncated: ${size} bytes, shorter than the ggml header`);
  const h = Object.fromEntries(HPARAM_FIELDS.map((f, i) => [f, head.readInt32LE(4 + 4 * i)])) as WhisperHparams;
  for (const f of HPARAM_FIELDS) {
    if (f !== 'ftype' && (h[f] <= 0 || h[f] > 1_000_000)) throw bad(`implausible header: ${f} = ${h[f]}`);
  }
  if (h.n_text_state !== h.n_audio_state) throw bad(`n_text_state ${h.n_text_state} differs from n_audio_state ${h.n_audio_state}`);
  const ftype = h.ftype % GGML_QNT_VERSION_FACTOR;
  const wtype = FTYPE_TO_WTYPE.get(ftype);
  if (wtype === undefined) throw bad(`unsupported ftype ${h.ftype}`);

  let pos = 4 + 4 * HPARAM_FIELDS.length;
  const mel = await read(pos, 8, 'the mel filter header');
  const nMel = mel.readInt32LE(0);
  const nFft = mel.readInt32LE(4);
  if (nMel !== h.n_mels || nFft !== WHISPER_N_FFT_BINS) {
    throw bad(`mel filters are ${nMel}×${nFft}, expected ${h.n_mels}×${WHISPER_N_FFT_BINS}`);
  }
  pos += 8 + nMel * nFft * 4;

  const nTokens = (await read(pos, 4, 'the vocabulary size')).readInt32LE(0);
  if (nTokens <= 0 || nTokens > h.n_vocab) throw bad(`vocabulary holds ${nTokens} tokens, the model has ${h.n_vocab}`);
  pos += 4;
  // Token lengths are small; read the vocabulary in 1 MiB slices instead of 50k tiny reads.
  let chunk: Buffer = Buffer.alloc(0);
  let chunkPos = pos;
  for (let i = 0; i < nTokens; i++) {
    if (pos + 4 > chunkPos + chunk.length) {
      chunkPos = pos;
      chunk = await read(pos, Math.min(1 << 20, size - pos), `token ${i}`);
    }
    if (pos + 4 > chunkPos + chunk.length) throw bad(`truncated in the vocabulary (token ${i} of ${nTokens})`);
    const len = chunk.readUInt32LE(pos - chunkPos);
    if (len > 1024) throw bad(`token ${i} claims ${len} bytes`);
    pos += 4 + len;
    if (pos > size) throw bad(`truncated in the vocabulary (token ${i} of ${nTokens})`);
  }

  const multilingual = isMultilingualVocab(h.n_vocab);
  const info = { path: file, sizeBytes: size, hparams: h, weightType: GGML_TYPES.get(wtype)?.name ?? String(wtype), nTokens, multilingual };
  if (headerOnly) return { ...info, tensors: 0, inferredName: inferModelName(h) };

  const expected = new Map(expectedTensors(h).map((t) => [t.name, t]));
  const seen = new Set<string>();
  while (pos < size) {
    const th = await read(pos, 12, `tensor header #${seen.size + 1}`);
    const nDims = th.readInt32LE(0);
    const nameLen = th.readInt32LE(4);
    const ttype = th.readInt32LE(8);
    if (nDims < 1 || nDims > 4 || nameLen < 1 || nameLen > 256) {
      throw bad(`corrupt tensor header #${seen.size + 1} at byte ${pos} (n_dims ${nDims}, name length ${nameLen})`);
    }
    const rest = await read(pos + 12, 4 * nDims + nameLen, `tensor header #${seen.size + 1}`);
    const ne = Array.from({ length: nDims }, (_, i) => rest.readInt32LE(4 * i));
    const name = rest.toString('utf8', 4 * nDims);
    const want = expected.get(name);
    if (!want) throw bad(`unknown tensor "${name}" at byte ${pos}`);
    if (seen.has(name)) throw bad(`tensor "${name}" appears twice`);
    const a = [...ne, 1, 1, 1].slice(0, 3);
    const b = [...want.ne, 1, 1, 1].slice(0, 3);
    if (a.some((n, i) => n !== b[i])) throw bad(`tensor "${name}" has shape [${ne.join(',')}], whisper.cpp expects [${want.ne.join(',')}]`);
    const bytes = tensorBytes(ne, ttype);
    const wantBytes = tensorBytes(want.ne, tensorType(want.kind, wtype));
    if (bytes === null || bytes !== wantBytes) {
      throw bad(`tensor "${name}" has type ${GGML_TYPES.get(ttype)?.name ?? ttype} (${String(bytes)} bytes), whisper.cpp expects ${String(wantBytes)} bytes`);
    }
    const dataStart = pos + 12 + 4 * nDims + nameLen;
    if (dataStart + bytes > size) {
      throw bad(`truncated: tensor "${name}" needs bytes up to ${dataStart + bytes}, the file ends at ${size}`);
    }
    seen.add(name);
    pos = dataStart + bytes;
  }
  if (seen.size !== expected.size) {
    const missing = [...expected.keys()].find((n) => !seen.has(n));
    throw bad(`incomplete: ${seen.size} of ${expected.size} tensors (first missing: ${missing ?? '?'}); the file is truncated or not a full model`);
  }
  return { ...info, tensors: seen.size, inferredName: inferModelName(h) };
}

const QUANT_SUFFIX: ReadonlyMap<number, string> = new Map([
  [0, '-f32'],
  [1, ''],
  [2, '-q4_0'],
  [3, '-q4_1'],
  [7, '-q8_0'],
  [8, '-q5_0'],
  [9, '-q5_1'],
  [10, '-q2_k'],
  [11, '-q3_k'],
  [12, '-q4_k'],
  [13, '-q5_k'],
  [14, '-q6_k'],
  [24, '-bf16'],
]);

/**
 * The standard model name for these hparams (OpenAI's sizes: 4/6/12/24/32 encoder layers; `.en` when n_vocab is
 * 51864; large-v3 has 51866 tokens and 128 mels; turbo keeps 4 decoder layers), with whisper.cpp's quantisation
 * suffix. Null when the shapes match no standard model (a fine-tune with other sizes).
 */
export function inferModelName(h: WhisperHparams): string | null {
  const family: Record<number, string> = { 4: 'tiny', 6: 'base', 12: 'small', 24: 'medium', 32: 'large' };
  let base = family[h.n_audio_layer];
  if (!base) return null;
  if (base === 'large') {
    if (h.n_vocab === 51866 && h.n_mels === 128) base = h.n_text_layer === 4 ? 'large-v3-turbo' : 'large-v3';
    else if (h.n_text_layer !== 32) return null;
  } else if (h.n_text_layer !== h.n_audio_layer) {
    return null;
  }
  const en = h.n_vocab === 51864 ? '.en' : '';
  const suffix = QUANT_SUFFIX.get(h.ftype % GGML_QNT_VERSION_FACTOR) ?? `-ftype${h.ftype % GGML_QNT_VERSION_FACTOR}`;
  return `${base}${en}${suffix}`;
}
