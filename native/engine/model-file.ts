import { EarshotError } from '../../electron/shared/errors.js';
import { inspectGgml } from '../models/ggml-inspect.js';

/** What the model file's header says. */
export interface ModelHeader {
  /** n_vocab, the first hyper-parameter after the magic. */
  nVocab: number;
  /** False for the `.en` models, which always transcribe English and cannot detect a language. */
  multilingual: boolean;
}

/**
 * Checks that `modelPath` is a readable ggml whisper model before whisper.cpp sees it (whisper.cpp prints to
 * stderr and returns null on a bad file; a clear error is better) and reads its vocabulary size, with the same
 * ggml reader the model store uses (native/models/ggml-inspect.ts, header only: magic, hparams, mel filters and
 * vocabulary). The worker calls it once per context it loads.
 * Throws EarshotError MODEL_INVALID naming the file: missing, not a file, empty, truncated or not ggml.
 */
export async function assertModelFile(modelPath: string): Promise<ModelHeader> {
  try {
    const info = await inspectGgml(modelPath, { headerOnly: true });
    return { nVocab: info.hparams.n_vocab, multilingual: info.multilingual };
  } catch (err) {
    const e = EarshotError.from(err);
    const message = e.message.startsWith(modelPath) ? e.message : `${modelPath}: ${e.message}`;
    throw new EarshotError('MODEL_INVALID', message.replace('cannot open model file', 'model file cannot be opened'), { cause: err });
  }
}
