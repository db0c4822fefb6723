import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EarshotError } from '../../../electron/shared/errors.js';

/**
 * The token table of a faster-whisper / CTranslate2 Whisper model, turned into the raw byte strings
 * whisper.cpp's ggml vocab section holds.
 *
 * Sources, in the order the CTranslate2 runtime tries them (OpenNMT/CTranslate2 `src/models/model_reader.cc`):
 * `vocabulary.json` (a JSON array of tokens), `vocabulary.txt` (one token per line), and as a fallback the
 * Hugging Face `tokenizer.json` (`model.vocab`, token → id). Tokens are GPT-2 byte-level strings
 * (openai/gpt-2 `encoder.py` `bytes_to_unicode`, also ggml-org/whisper.cpp `models/convert-pt-to-ggml.py`).
 */

/** Byte value for each code point of GPT-2's byte-level alphabet. */
const UNICODE_TO_BYTE: Map<number, number> = (() => {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map<number, number>();
  for (const b of printable) map.set(b, b);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!map.has(b)) {
      map.set(256 + n, b);
      n++;
    }
  }
  return map;
})();

/** Decodes one GPT-2 byte-level token string to its bytes; null when a character is outside the alphabet. */
export function byteLevelToBytes(token: string): Buffer | null {
  const bytes: number[] = [];
  for (const ch of token) {
    const b = UNICODE_TO_BYTE.get(ch.codePointAt(0)!);
    if (b === undefined) return null;
    bytes.push(b);
  }
  return Buffer.from(bytes);
}

/** The Whisper end-of-text token; ids from it upwards are specials whisper.cpp generates itself. */
export const EOT_TOKEN = '<|endoftext|>';

const TokenizerJson = z.object({ model: z.object({ vocab: z.record(z.string(), z.number().int().nonnegative()) }) });

/**
 * Reads the token list of the model folder `dir`, ordered by id. Throws MODEL_INVALID naming the file when
 * none of the three sources exists or parses.
 */
export async function readCt2Tokens(dir: string): Promise<string[]> {
  const json = path.join(dir, 'vocabulary.json');
  const txt = path.join(dir, 'vocabulary.txt');
  const tok = path.join(dir, 'tokenizer.json');
  if (existsSync(json)) {
    const parsed = z.array(z.string()).safeParse(JSON.parse(await readFile(json, 'utf8')));
    if (!parsed.success) throw new EarshotError('MODEL_INVALID', `${json}: not a JSON array of token strings`);
    return parsed.data;
  }
  if (existsSync(txt)) return splitVocabularyTxt(await readFile(txt, 'utf8'));
  if (existsSync(tok)) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(tok, 'utf8'));
    } catch (err) {
      throw new EarshotError('MODEL_INVALID', `${tok}: not valid JSON`, { cause: err });
    }
    const parsed = TokenizerJson.safeParse(raw);
    if (!parsed.success) throw new EarshotError('MODEL_INVALID', `${tok}: no model.vocab table`);
    const tokens: string[] = [];
    for (const [token, id] of Object.entries(parsed.data.model.vocab)) tokens[id] = token;
    // Ids above the plain vocabulary are HF "added tokens"; a hole below eot would shift every id.
    const eot = tokens.indexOf(EOT_TOKEN);
    for (let i = 0; i < (eot < 0 ? tokens.length : eot); i++) {
      if (tokens[i] === undefined) throw new EarshotError('MODEL_INVALID', `${tok}: vocabulary has no token with id ${i}`);
    }
    return tokens.map((t) => t ?? '');
  }
  throw new EarshotError('MODEL_INVALID', `${dir}: no vocabulary.json, vocabulary.txt or tokenizer.json`);
}

/**
 * Splits `vocabulary.txt` as CTranslate2 does (`src/vocabulary.cc`): on "\n", keeping empty lines (the
 * multilingual models' empty token 50256), dropping only one trailing empty element, and stripping "\r" only
 * when every line ends with it.
 */
export function splitVocabularyTxt(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > 0 && lines.every((l) => l.endsWith('\r'))) return lines.map((l) => l.slice(0, -1));
  return lines;
}

/** GPT-2's vocabulary size: whisper.cpp's published ggml files hold exactly this many tokens (ids 0..50256). */
export const GGML_TEXT_TOKENS = 50257;

/**
 * The byte strings whisper.cpp's vocab section needs, as its published `ggml-<name>.bin` files hold them: ids
 * 0..50256, i.e. for `.en` models the text tokens plus `<|endoftext|>` (eot 50256), for multilingual models the
 * text tokens plus the empty token 50256 (eot 50257 is left out). This reproduces the published files' sizes
 * exactly (tiny.en 77,704,715 bytes, tiny 77,691,713); whisper.cpp generates every id above from n_vocab.
 * For an unusual eot, writes ids 0..eot-1.
 * Throws MODEL_INVALID (naming `label`) when there is no `<|endoftext|>` or a token is not byte-level.
 */
export function tokensToGgmlVocab(tokens: string[], label: string): Buffer[] {
  const eot = tokens.indexOf(EOT_TOKEN);
  if (eot < 0) throw new EarshotError('MODEL_INVALID', `${label}: vocabulary has no ${EOT_TOKEN} token`);
  const count = eot === GGML_TEXT_TOKENS - 1 || eot === GGML_TEXT_TOKENS ? GGML_TEXT_TOKENS : eot;
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = byteLevelToBytes(tokens[i]!);
    if (!bytes) throw new EarshotError('MODEL_INVALID', `${label}: token ${i} (${JSON.stringify(tokens[i])}) is not a GPT-2 byte-level string`);
    out.push(bytes);
  }
  return out;
}
