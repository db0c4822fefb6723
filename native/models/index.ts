// The model file formats' public surface: whisper.cpp's ggml reader and writer, and CTranslate2 -> ggml conversion.
export { inspectGgml, type GgmlInfo } from './ggml-inspect.js';
export { convertCt2ToGgml, findCt2ModelFiles, type ConvertPrecision } from './convert/convert-ct2.js';
export { GGML_MAGIC, MULTILINGUAL_VOCAB, isMultilingualVocab } from './convert/ggml-format.js';
