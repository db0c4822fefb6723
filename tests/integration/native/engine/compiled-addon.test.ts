import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AddonResult, defaultAddonBuildDir, loadCompiledAddon, readCompiledStatus } from '../../../../native/engine/addon.js';
import { readPcm16Bytes, readWavInfo } from '../../../../native/audio/wav.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { wordErrorRate } from '../../../helpers/wer.js';

// The addon native/addon/build.mjs compiled at install, loaded directly (no engine host) with the real model.
const model = testModelPath();
const buildDir = defaultAddonBuildDir();

async function jfkPcm(): Promise<ArrayBuffer> {
  const info = await readWavInfo(JFK_WAV);
  const bytes = await readPcm16Bytes(JFK_WAV, info, 0, info.frames);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe.skipIf(!model)('the compiled whisper.cpp addon', () => {
  it('was built at install with OpenMP and AVX code, as status.json records', () => {
    expect(buildDir, 'native/addon/build is missing: npm install (or npm run build:engine) builds it').not.toBeNull();
    const status = readCompiledStatus(buildDir!, 'native');
    expect(status, JSON.stringify(status)).toMatchObject({ ok: true, whisperCpp: '1.9.1', checks: { gompParallel: true } });
    if (fs.readFileSync('/proc/cpuinfo', 'utf8').includes(' avx2')) expect(status!.checks!.ymmInstructions).toBeGreaterThan(0);
  });

  it('transcribes jfk.wav, and stop() aborts a running pass: its promise rejects instead of hanging', async () => {
    const { addon, build } = loadCompiledAddon(buildDir, 'native');
    expect(build.kind).toBe('compiled');
    const ctx = new addon.WhisperContext({ filePath: model!, useGpu: false });
    try {
      const audio = await jfkPcm();
      const full = AddonResult.parse(await ctx.transcribeData(audio, { language: 'en', maxThreads: 2 }).promise);
      expect(wordErrorRate(JFK_TEXT, full.result)).toBeLessThanOrEqual(0.1);

      // The prebuilt addon's promise never settles after stop(); this one must reject with the cancel.
      let stopped = false;
      const handle = ctx.transcribeData(audio, {
        language: 'en',
        maxThreads: 2,
        onProgress: () => {
          if (stopped) return;
          stopped = true;
          void handle.stop();
        },
      });
      await expect(handle.promise).rejects.toThrow(/cancelled/i);
      expect(stopped).toBe(true);

      // The context is usable again after the abort.
      const again = AddonResult.parse(await ctx.transcribeData(audio, { language: 'en', maxThreads: 2 }).promise);
      expect(wordErrorRate(JFK_TEXT, again.result)).toBeLessThanOrEqual(0.1);
    } finally {
      await ctx.release();
    }
  }, 300_000);
});
