import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { byteLevelToBytes, readCt2Tokens, splitVocabularyTxt, tokensToGgmlVocab } from '../../../../../native/models/convert/vocabulary.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

/** GPT-2's bytes_to_unicode (openai/gpt-2 encoder.py), written independently as the test oracle. */
function bytesToUnicode(): Map<number, string> {
  const bs: number[] = [];
  for (let b = '!'.charCodeAt(0); b <= '~'.charCodeAt(0); b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n++;
    }
  }
  return new Map(bs.map((b, i) => [b, String.fromCodePoint(cs[i]!)]));
}

describe('GPT-2 byte-level tokens', () => {
  it('maps all 256 byte characters back to their bytes', () => {
    for (const [byte, ch] of bytesToUnicode()) expect(byteLevelToBytes(ch)).toEqual(Buffer.from([byte]));
  });

  it('decodes spaces, newlines and UTF-8', () => {
    expect(byteLevelToBytes('Ġhello')?.toString()).toBe(' hello');
    expect(byteLevelToBytes('Ċ')?.toString()).toBe('\n');
    expect(byteLevelToBytes('Ã©')?.toString()).toBe('é');
    expect(byteLevelToBytes('€')).toBeNull(); // outside the alphabet
  });
});

describe('vocabulary.txt splitting (CTranslate2 src/vocabulary.cc)', () => {
  it('keeps empty lines and drops one trailing empty element', () => {
    expect(splitVocabularyTxt('a\n\nb\n')).toEqual(['a', '', 'b']);
  });
  it('strips \\r only when every line has it', () => {
    expect(splitVocabularyTxt('a\r\nb\r\n')).toEqual(['a', 'b']);
    expect(splitVocabularyTxt('a\r\nb\n')).toEqual(['a\r', 'b']);
  });
});

describe('tokensToGgmlVocab', () => {
  const text = Array.from({ length: 50256 }, (_, i) => `t${i}`);
  it('writes ids 0..50256 for an English-only model (eot 50256 included), as published ggml files do', () => {
    const out = tokensToGgmlVocab([...text, '<|endoftext|>', '<|startoftranscript|>'], 'x');
    expect(out.length).toBe(50257);
    expect(out[50256]?.toString()).toBe('<|endoftext|>');
  });
  it('writes ids 0..50256 for a multilingual model (empty token 50256, eot 50257 left out)', () => {
    const out = tokensToGgmlVocab([...text, '', '<|endoftext|>'], 'x');
    expect(out.length).toBe(50257);
    expect(out[50256]?.length).toBe(0);
  });
  it('rejects a vocabulary without <|endoftext|>, naming the source', () => {
    expect(() => tokensToGgmlVocab(['a'], '/m/vocabulary.txt')).toThrow(/\/m\/vocabulary.txt: vocabulary has no <\|endoftext\|>/);
  });
});

describe('readCt2Tokens', () => {
  const tempDir = useTempDir('earshot-vocab-');

  it('prefers vocabulary.json, then vocabulary.txt, then tokenizer.json', async () => {
    const dir = tempDir();
    await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify({ model: { vocab: { b: 1, a: 0 } } }));
    expect(await readCt2Tokens(dir)).toEqual(['a', 'b']);
    await writeFile(path.join(dir, 'vocabulary.txt'), 'x\ny\n');
    expect(await readCt2Tokens(dir)).toEqual(['x', 'y']);
    await writeFile(path.join(dir, 'vocabulary.json'), JSON.stringify(['p', 'q']));
    expect(await readCt2Tokens(dir)).toEqual(['p', 'q']);
  });
  it('fails with MODEL_INVALID naming the folder when there is no vocabulary', async () => {
    const dir = tempDir();
    await expect(readCt2Tokens(dir)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining(dir) });
  });
});
