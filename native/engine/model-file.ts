import { open } from 'node:fs/promises';
import { EarshotError } from '../../electron/shared/errors.js';

/**
 * whisper.cpp model files start with the legacy ggml magic 0x67676d6c, stored little-endian ("lmgg"):
 * whisper.cpp `whisper_model_load` checks `magic != GGML_FILE_MAGIC` first.
 */
const GGML_MAGIC = 0x67676d6c;

/** whisper.cpp `whisper_vocab::is_multilingual()`: n_vocab >= 51865 (English-only models have 51864). */
const MULTILINGUAL_VOCAB = 51865;

/** What the model file's header says. */
export interface ModelHeader {
  /** n_vocab, the first hyper-parameter after the magic. */
  nVocab: number;
  /** False for the `.en` models, which always transcribe English and cannot detect a language. */
  multilingual: boolean;
}

/**
 * Checks that `modelPath` is a readable ggml whisper model before whisper.cpp sees it (whisper.cpp prints to
 * stderr and returns null on a bad file; a clear error is better) and reads its vocabulary size. Reads 8 bytes.
 * Throws EarshotError MODEL_INVALID naming the file: missing, not a file, empty, or not ggml.
 */
export async function assertModelFile(modelPath: string): Promise<ModelHeader> {
  let fh;
  try {
    fh = await open(modelPath, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new EarshotError('MODEL_INVALID', `${modelPath}: model file cannot be opened: ${why}`, { cause: err });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new EarshotError('MODEL_INVALID', `${modelPath}: model path is not a file`);
    const head = Buffer.alloc(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    if (bytesRead < 8 || head.readUInt32LE(0) !== GGML_MAGIC) {
      throw new EarshotError('MODEL_INVALID', `${modelPath}: not a whisper.cpp ggml model (bad magic; ${st.size} bytes)`);
    }
    const nVocab = head.readInt32LE(4);
    return { nVocab, multilingual: nVocab >= MULTILINGUAL_VOCAB };
  } finally {
    await fh.close();
  }
}
