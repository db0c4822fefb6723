import { GgmlWriter } from '../../native/models/convert/ggml-writer.js';
import { expectedTensors, FTYPE_TO_WTYPE, tensorBytes, tensorType, type WhisperHparams } from '../../native/models/convert/ggml-format.js';
import { whisperMelFilters, WHISPER_N_FFT_BINS } from '../../native/models/convert/mel-filters.js';

/**
 * Writes a structurally valid whisper.cpp ggml file with tiny made-up dimensions (width 8 by default, zero weights):
 * every tensor whisper.cpp expects, with the right shapes and types, about 1 MB. It is a file-format fixture for the
 * validator, the store and the downloader; it transcribes nothing. Returns its hparams.
 */
export async function writeSyntheticGgml(
  file: string,
  opts: { audioLayers?: number; textLayers?: number; width?: number; nVocab?: number; ftype?: number } = {},
): Promise<WhisperHparams> {
  const d = opts.width ?? 8;
  const h: WhisperHparams = {
    n_vocab: opts.nVocab ?? 51864,
    n_audio_ctx: 1500,
    n_audio_state: d,
    n_audio_head: 1,
    n_audio_layer: opts.audioLayers ?? 1,
    n_text_ctx: 448,
    n_text_state: d,
    n_text_head: 1,
    n_text_layer: opts.textLayers ?? 1,
    n_mels: 80,
    ftype: opts.ftype ?? 1,
  };
  const wtype = FTYPE_TO_WTYPE.get(h.ftype % 1000)!;
  const w = await GgmlWriter.create(file);
  await w.header(h);
  await w.melFilters(80, WHISPER_N_FFT_BINS, whisperMelFilters(80));
  await w.vocab(['!', '"', 'hello'].map((t) => Buffer.from(t)));
  for (const t of expectedTensors(h)) {
    const type = tensorType(t.kind, wtype);
    await w.tensor(t.name, t.ne, type, Buffer.alloc(tensorBytes(t.ne, type)!));
  }
  await w.close();
  return h;
}
