import { EarshotError } from '../../../electron/shared/errors.js';
import type { Ct2Reader, Ct2Variable } from './ct2-reader.js';
import type { WhisperHparams } from './ggml-format.js';

/**
 * Where each whisper.cpp tensor comes from in a CTranslate2 Whisper model, and the hparams implied by the shapes.
 * Mapping: OpenNMT/CTranslate2 `python/ctranslate2/converters/transformers.py` (`WhisperLoader`,
 * `BartLoader.set_attention`, `fuse_linear`) against the names in ggml-org/whisper.cpp `src/whisper-arch.h`.
 * Self-attention fuses q|k|v into `linear_0`, cross-attention keeps q in `linear_0` and fuses k|v into `linear_1`;
 * whisper.cpp has no key bias (CTranslate2 fills it with zeros), so that slice is dropped.
 * `decoder/projection/weight` (tied to the token embedding), scalars and `_scale` tensors are not written.
 */

/** A source for one ggml tensor: a CTranslate2 variable, optionally rows [from, to) of its outermost dimension. */
export interface TensorSource {
  variable: Ct2Variable;
  rows?: [number, number];
}

/** Counts `prefix/layer_N` groups. */
function countLayers(reader: Ct2Reader, prefix: string): number {
  const seen = new Set<number>();
  const re = new RegExp(`^${prefix}/layer_(\\d+)/`);
  for (const name of reader.index.variables.keys()) {
    const m = re.exec(name);
    if (m) seen.add(Number(m[1]));
  }
  for (let i = 0; i < seen.size; i++) {
    if (!seen.has(i)) throw new EarshotError('MODEL_INVALID', `${reader.label}: ${prefix} layers are not numbered 0..${seen.size - 1}`);
  }
  return seen.size;
}

function dim(reader: Ct2Reader, name: string, axis: number, rank: number): number {
  const v = reader.require(name);
  if (v.shape.length !== rank) {
    throw new EarshotError('MODEL_INVALID', `${reader.label}: ${name} has shape [${v.shape.join(',')}], expected rank ${rank}`);
  }
  return v.shape[axis]!;
}

/**
 * whisper.cpp hparams from the CTranslate2 shapes (config.json has none). `ftype` is the caller's choice
 * (0 all f32, 1 f16 weights). Throws MODEL_INVALID when the model is not a Whisper spec or is inconsistent.
 */
export async function hparamsFromCt2(reader: Ct2Reader, ftype: number): Promise<WhisperHparams> {
  const spec = reader.index.specName;
  if (spec && spec !== 'WhisperSpec') {
    throw new EarshotError('MODEL_INVALID', `${reader.label}: a CTranslate2 ${spec}, not a Whisper model`);
  }
  const h: WhisperHparams = {
    n_vocab: dim(reader, 'decoder/embeddings/weight', 0, 2),
    n_audio_ctx: dim(reader, 'encoder/position_encodings/encodings', 0, 2),
    n_audio_state: dim(reader, 'encoder/conv1/weight', 0, 3),
    n_audio_head: await reader.readInt('encoder/num_heads'),
    n_audio_layer: countLayers(reader, 'encoder'),
    n_text_ctx: dim(reader, 'decoder/position_encodings/encodings', 0, 2),
    n_text_state: dim(reader, 'decoder/embeddings/weight', 1, 2),
    n_text_head: await reader.readInt('decoder/num_heads'),
    n_text_layer: countLayers(reader, 'decoder'),
    n_mels: dim(reader, 'encoder/conv1/weight', 1, 3),
    ftype,
  };
  if (h.n_text_state !== h.n_audio_state) {
    throw new EarshotError('MODEL_INVALID', `${reader.label}: decoder width ${h.n_text_state} differs from encoder width ${h.n_audio_state}`);
  }
  if (h.n_audio_layer === 0 || h.n_text_layer === 0) {
    throw new EarshotError('MODEL_INVALID', `${reader.label}: no encoder or decoder layers`);
  }
  return h;
}

/**
 * The CTranslate2 source of every tensor whisper.cpp expects, keyed by ggml name.
 * Throws MODEL_INVALID naming the missing variable.
 */
export function ct2TensorSources(reader: Ct2Reader, h: WhisperHparams): Map<string, TensorSource> {
  const d = h.n_audio_state;
  const m = new Map<string, TensorSource>();
  const whole = (ggml: string, ct2: string): void => {
    m.set(ggml, { variable: reader.require(ct2) });
  };
  const rows = (ggml: string, ct2: string, from: number, to: number): void => {
    m.set(ggml, { variable: reader.require(ct2), rows: [from, to] });
  };
  const linear = (ggml: string, ct2: string): void => {
    whole(`${ggml}.weight`, `${ct2}/weight`);
    whole(`${ggml}.bias`, `${ct2}/bias`);
  };
  const norm = (ggml: string, ct2: string): void => {
    whole(`${ggml}.weight`, `${ct2}/gamma`);
    whole(`${ggml}.bias`, `${ct2}/beta`);
  };

  /** Self-attention of one block: CT2 fuses q|k|v in linear_0; whisper.cpp has no key bias (the fused one is zero). */
  const selfAttention = (g: string, c: string): void => {
    norm(`${g}.attn_ln`, `${c}/self_attention/layer_norm`);
    const qkv = `${c}/self_attention/linear_0`;
    rows(`${g}.attn.query.weight`, `${qkv}/weight`, 0, d);
    rows(`${g}.attn.query.bias`, `${qkv}/bias`, 0, d);
    rows(`${g}.attn.key.weight`, `${qkv}/weight`, d, 2 * d);
    rows(`${g}.attn.value.weight`, `${qkv}/weight`, 2 * d, 3 * d);
    rows(`${g}.attn.value.bias`, `${qkv}/bias`, 2 * d, 3 * d);
    linear(`${g}.attn.out`, `${c}/self_attention/linear_1`);
  };

  whole('encoder.positional_embedding', 'encoder/position_encodings/encodings');
  linear('encoder.conv1', 'encoder/conv1');
  linear('encoder.conv2', 'encoder/conv2');
  norm('encoder.ln_post', 'encoder/layer_norm');
  for (let i = 0; i < h.n_audio_layer; i++) {
    const g = `encoder.blocks.${i}`;
    const c = `encoder/layer_${i}`;
    selfAttention(g, c);
    norm(`${g}.mlp_ln`, `${c}/ffn/layer_norm`);
    linear(`${g}.mlp.0`, `${c}/ffn/linear_0`);
    linear(`${g}.mlp.2`, `${c}/ffn/linear_1`);
  }

  whole('decoder.positional_embedding', 'decoder/position_encodings/encodings');
  whole('decoder.token_embedding.weight', 'decoder/embeddings/weight');
  norm('decoder.ln', 'decoder/layer_norm');
  for (let i = 0; i < h.n_text_layer; i++) {
    const g = `decoder.blocks.${i}`;
    const c = `decoder/layer_${i}`;
    selfAttention(g, c);
    norm(`${g}.cross_attn_ln`, `${c}/attention/layer_norm`);
    linear(`${g}.cross_attn.query`, `${c}/attention/linear_0`);
    const kv = `${c}/attention/linear_1`;
    rows(`${g}.cross_attn.key.weight`, `${kv}/weight`, 0, d);
    rows(`${g}.cross_attn.value.weight`, `${kv}/weight`, d, 2 * d);
    rows(`${g}.cross_attn.value.bias`, `${kv}/bias`, d, 2 * d);
    linear(`${g}.cross_attn.out`, `${c}/attention/linear_2`);
    norm(`${g}.mlp_ln`, `${c}/ffn/layer_norm`);
    linear(`${g}.mlp.0`, `${c}/ffn/linear_0`);
    linear(`${g}.mlp.2`, `${c}/ffn/linear_1`);
  }
  return m;
}
