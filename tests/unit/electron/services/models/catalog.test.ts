import { describe, expect, it } from 'vitest';
import { findEntry, loadCatalog, nameFromFileName } from '../../../../../electron/services/models/catalog.js';
import { expectedTensors, FTYPE_TO_WTYPE, tensorBytes, tensorType, type WhisperHparams } from '../../../../../native/models/convert/ggml-format.js';

const catalog = loadCatalog();

/** OpenAI Whisper dimensions (openai/whisper `whisper/__init__.py` checkpoints' ModelDimensions). */
const DIMS: Record<string, { d: number; heads: number; enc: number; dec: number; mels: number }> = {
  tiny: { d: 384, heads: 6, enc: 4, dec: 4, mels: 80 },
  base: { d: 512, heads: 8, enc: 6, dec: 6, mels: 80 },
  small: { d: 768, heads: 12, enc: 12, dec: 12, mels: 80 },
  medium: { d: 1024, heads: 16, enc: 24, dec: 24, mels: 80 },
  'large-v3': { d: 1280, heads: 20, enc: 32, dec: 32, mels: 128 },
  'large-v3-turbo': { d: 1280, heads: 20, enc: 32, dec: 4, mels: 128 },
};
/** Bytes of the ggml vocabulary section: openai/whisper gpt2.tiktoken + <|endoftext|>, and multilingual.tiktoken. */
const VOCAB_BYTES = { en: 521_859, multilingual: 508_089 };
const FTYPE: Record<string, number> = { f16: 1, q5_0: 8, q5_1: 9, q8_0: 7 };

describe('model catalog (resources/models/catalog.json)', () => {
  it('parses and lists the standard whisper.cpp models', () => {
    for (const name of ['tiny', 'tiny.en', 'base', 'base.en', 'small', 'small.en', 'medium', 'large-v3', 'large-v3-turbo', 'large-v3-turbo-q5_0']) {
      expect(findEntry(catalog, name), name).toBeDefined();
    }
    expect(new Set(catalog.models.map((m) => m.name)).size).toBe(catalog.models.length);
    expect(catalog.source?.sha1).toMatch(/whisper\.cpp/);
  });

  it('names files ggml-<name>.bin on the official host', () => {
    for (const m of catalog.models) {
      expect(m.file).toBe(`ggml-${m.name}.bin`);
      expect(nameFromFileName(m.file)).toBe(m.name);
      expect(m.url).toBe(`https://huggingface.co/ggerganov/whisper.cpp/resolve/main/${m.file}`);
      expect(m.languages).toBe(m.name.includes('.en') ? 'en' : 'multilingual');
      expect(m.sha1).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it('has every size equal to the ggml layout computed from the model dimensions', () => {
    for (const m of catalog.models) {
      const dims = DIMS[m.family.replace(/\.en$/, '')];
      expect(dims, m.name).toBeDefined();
      const h: WhisperHparams = {
        n_vocab: m.languages === 'en' ? 51864 : m.family.startsWith('large-v3') ? 51866 : 51865,
        n_audio_ctx: 1500,
        n_audio_state: dims!.d,
        n_audio_head: dims!.heads,
        n_audio_layer: dims!.enc,
        n_text_ctx: 448,
        n_text_state: dims!.d,
        n_text_head: dims!.heads,
        n_text_layer: dims!.dec,
        n_mels: dims!.mels,
        ftype: FTYPE[m.quantization]!,
      };
      const wtype = FTYPE_TO_WTYPE.get(h.ftype)!;
      let size = 48 + 8 + h.n_mels * 201 * 4 + VOCAB_BYTES[m.languages];
      for (const t of expectedTensors(h)) size += 12 + 4 * t.ne.length + Buffer.byteLength(t.name) + tensorBytes(t.ne, tensorType(t.kind, wtype))!;
      expect(size, m.name).toBe(m.sizeBytes);
    }
  });
});

describe('expectedTensors', () => {
  it('counts 7 + 15·encoder layers + 4 + 24·decoder layers', () => {
    const h = (enc: number, dec: number) => ({ n_audio_layer: enc, n_text_layer: dec }) as WhisperHparams;
    expect(expectedTensors({ ...h(4, 4), n_audio_state: 384, n_text_state: 384 }).length).toBe(167);
    expect(expectedTensors({ ...h(6, 6), n_audio_state: 512, n_text_state: 512 }).length).toBe(245);
    expect(expectedTensors({ ...h(32, 4), n_audio_state: 1280, n_text_state: 1280 }).length).toBe(587);
  });
});
