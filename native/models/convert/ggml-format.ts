/**
 * whisper.cpp's legacy ggml model file (`ggml-<name>.bin`): constants and the tensor table its loader expects.
 * Source: ggml-org/whisper.cpp `src/whisper.cpp` `whisper_model_load` (the same loader ships in
 * @fugood/whisper.node, `whisper.cpp/src/whisper.cpp`), names from `src/whisper-arch.h`, types and block sizes
 * from `ggml/include/ggml.h` and `ggml/src/ggml-common.h`.
 *
 * Layout (little-endian, no padding):
 *   u32 magic 0x67676d6c; i32 × 11 hparams (HPARAM_FIELDS order); i32 n_mel, i32 n_fft, f32[n_mel × n_fft];
 *   i32 n_tokens, then { u32 len, bytes }; then tensors to EOF:
 *   i32 n_dims, i32 name_len, i32 ttype, i32 ne[n_dims], name bytes, data (ne[0] is the fastest dimension).
 */

export const GGML_MAGIC = 0x67676d6c;

/** whisper.cpp `whisper_is_multilingual()`: n_vocab >= 51865 (the English-only models have 51864). */
export const MULTILINGUAL_VOCAB = 51865;

/** True when a model with `nVocab` tokens is multilingual (can detect and translate languages). */
export function isMultilingualVocab(nVocab: number): boolean {
  return nVocab >= MULTILINGUAL_VOCAB;
}

/** The eleven i32 hyper-parameters after the magic, in file order. */
export const HPARAM_FIELDS = [
  'n_vocab',
  'n_audio_ctx',
  'n_audio_state',
  'n_audio_head',
  'n_audio_layer',
  'n_text_ctx',
  'n_text_state',
  'n_text_head',
  'n_text_layer',
  'n_mels',
  'ftype',
] as const;
export type WhisperHparams = Record<(typeof HPARAM_FIELDS)[number], number>;

/** ggml tensor types that can appear in a whisper model, with block size (elements) and bytes per block. */
export const GGML_TYPES: ReadonlyMap<number, { name: string; blockSize: number; typeSize: number }> = new Map([
  [0, { name: 'f32', blockSize: 1, typeSize: 4 }],
  [1, { name: 'f16', blockSize: 1, typeSize: 2 }],
  [2, { name: 'q4_0', blockSize: 32, typeSize: 18 }],
  [3, { name: 'q4_1', blockSize: 32, typeSize: 20 }],
  [6, { name: 'q5_0', blockSize: 32, typeSize: 22 }],
  [7, { name: 'q5_1', blockSize: 32, typeSize: 24 }],
  [8, { name: 'q8_0', blockSize: 32, typeSize: 34 }],
  [10, { name: 'q2_K', blockSize: 256, typeSize: 84 }],
  [11, { name: 'q3_K', blockSize: 256, typeSize: 110 }],
  [12, { name: 'q4_K', blockSize: 256, typeSize: 144 }],
  [13, { name: 'q5_K', blockSize: 256, typeSize: 176 }],
  [14, { name: 'q6_K', blockSize: 256, typeSize: 210 }],
  [30, { name: 'bf16', blockSize: 1, typeSize: 2 }],
]);

/** `ggml_ftype` (the file's ftype % 1000) → the ggml type of its big weight matrices (`ggml_ftype_to_ggml_type`). */
export const FTYPE_TO_WTYPE: ReadonlyMap<number, number> = new Map([
  [0, 0],
  [1, 1],
  [2, 2],
  [3, 3],
  [7, 8],
  [8, 6],
  [9, 7],
  [10, 10],
  [11, 11],
  [12, 12],
  [13, 13],
  [14, 14],
  [24, 30],
]);

/** ggml stores the quantisation version as ftype / 1000 (GGML_QNT_VERSION_FACTOR). */
export const GGML_QNT_VERSION_FACTOR = 1000;

/** How a tensor's type follows from the file's ftype: always f32; the weight type; or the conv type (f16 unless all-f32). */
export type TensorKind = 'f32' | 'weight' | 'conv';

export interface ExpectedTensor {
  name: string;
  /** ggml dimensions, fastest first (the reverse of the PyTorch / CTranslate2 shape). */
  ne: number[];
  kind: TensorKind;
}

/** The ggml type a tensor of `kind` must have in a file with weight type `wtype`. */
export function tensorType(kind: TensorKind, wtype: number): number {
  switch (kind) {
    case 'f32':
      return 0;
    case 'weight':
      return wtype;
    case 'conv':
      return wtype === 0 ? 0 : 1;
    default: {
      const never: never = kind;
      throw new Error(`unknown tensor kind ${String(never)}`);
    }
  }
}

/** Bytes of a tensor with `ne` of ggml type `type` (rows must fill whole blocks). Null for an unknown type or a partial block. */
export function tensorBytes(ne: number[], type: number): number | null {
  const t = GGML_TYPES.get(type);
  if (!t) return null;
  if ((ne[0] ?? 1) % t.blockSize !== 0) return null;
  const n = ne.reduce((a, b) => a * b, 1);
  return (n / t.blockSize) * t.typeSize;
}

/**
 * Every tensor whisper.cpp creates for these hparams, with its ggml shape and kind, in the order its loader
 * declares them. Count: 7 + 15·n_audio_layer + 4 + 24·n_text_layer (tiny 167, base 245).
 */
export function expectedTensors(h: WhisperHparams): ExpectedTensor[] {
  const d = h.n_audio_state;
  const t = h.n_text_state;
  const out: ExpectedTensor[] = [
    { name: 'encoder.positional_embedding', ne: [d, h.n_audio_ctx], kind: 'f32' },
    { name: 'encoder.conv1.weight', ne: [3, h.n_mels, d], kind: 'conv' },
    { name: 'encoder.conv1.bias', ne: [1, d], kind: 'f32' },
    { name: 'encoder.conv2.weight', ne: [3, d, d], kind: 'conv' },
    { name: 'encoder.conv2.bias', ne: [1, d], kind: 'f32' },
    { name: 'encoder.ln_post.weight', ne: [d], kind: 'f32' },
    { name: 'encoder.ln_post.bias', ne: [d], kind: 'f32' },
  ];
  const block = (prefix: string, s: number, cross: boolean): ExpectedTensor[] => {
    const attn = (a: string): ExpectedTensor[] => [
      { name: `${prefix}.${a}_ln.weight`, ne: [s], kind: 'f32' },
      { name: `${prefix}.${a}_ln.bias`, ne: [s], kind: 'f32' },
      { name: `${prefix}.${a}.query.weight`, ne: [s, s], kind: 'weight' },
      { name: `${prefix}.${a}.query.bias`, ne: [s], kind: 'f32' },
      { name: `${prefix}.${a}.key.weight`, ne: [s, s], kind: 'weight' },
      { name: `${prefix}.${a}.value.weight`, ne: [s, s], kind: 'weight' },
      { name: `${prefix}.${a}.value.bias`, ne: [s], kind: 'f32' },
      { name: `${prefix}.${a}.out.weight`, ne: [s, s], kind: 'weight' },
      { name: `${prefix}.${a}.out.bias`, ne: [s], kind: 'f32' },
    ];
    return [
      { name: `${prefix}.mlp_ln.weight`, ne: [s], kind: 'f32' },
      { name: `${prefix}.mlp_ln.bias`, ne: [s], kind: 'f32' },
      { name: `${prefix}.mlp.0.weight`, ne: [s, 4 * s], kind: 'weight' },
      { name: `${prefix}.mlp.0.bias`, ne: [4 * s], kind: 'f32' },
      { name: `${prefix}.mlp.2.weight`, ne: [4 * s, s], kind: 'weight' },
      { name: `${prefix}.mlp.2.bias`, ne: [s], kind: 'f32' },
      ...attn('attn'),
      ...(cross ? attn('cross_attn') : []),
    ];
  };
  for (let i = 0; i < h.n_audio_layer; i++) out.push(...block(`encoder.blocks.${i}`, d, false));
  out.push(
    { name: 'decoder.positional_embedding', ne: [t, h.n_text_ctx], kind: 'f32' },
    { name: 'decoder.token_embedding.weight', ne: [t, h.n_vocab], kind: 'weight' },
    { name: 'decoder.ln.weight', ne: [t], kind: 'f32' },
    { name: 'decoder.ln.bias', ne: [t], kind: 'f32' },
  );
  for (let i = 0; i < h.n_text_layer; i++) out.push(...block(`decoder.blocks.${i}`, t, true));
  return out;
}
