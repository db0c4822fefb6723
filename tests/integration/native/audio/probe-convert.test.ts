import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EarshotError, type ErrorCode } from '../../../../electron/shared/errors.js';
import { convertToWav } from '../../../../native/audio/convert.js';
import { probeMedia } from '../../../../native/audio/probe.js';
import { readWavInfo } from '../../../../native/audio/wav.js';
import {
  JFK_MP3,
  JFK_OGG,
  makeEmptyFile,
  makeMkvWithAudio,
  makeMp4WithAudio,
  makeTextAsMp3,
  makeTruncatedCopy,
  makeTruncatedMp3,
  makeVideoWithoutAudio,
} from '../../../helpers/media-fixtures.js';
import { JFK_WAV } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const tempDir = useTempDir('earshot-media-');

async function codeOf(p: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EarshotError);
  return { code: (err as EarshotError).code, message: (err as EarshotError).message };
}

describe('probeMedia + convertToWav on real files', () => {
  const inputs: Array<[string, (dir: string) => Promise<string> | string, { video: number }]> = [
    ['jfk.wav', () => JFK_WAV, { video: 0 }],
    ['jfk.mp3', () => JFK_MP3, { video: 0 }],
    ['jfk.ogg', () => JFK_OGG, { video: 0 }],
    ['mp4 (H.264 + AAC)', (d) => makeMp4WithAudio(d), { video: 1 }],
    ['mkv (H.264 + Vorbis)', (d) => makeMkvWithAudio(d), { video: 1 }],
  ];

  for (const [label, make, expected] of inputs) {
    it(`${label} → 16 kHz mono 16-bit WAV of about 11 s`, async () => {
      const dir = tempDir();
      const input = await make(dir);
      const info = await probeMedia(input);
      expect(info.audioStreams).toBe(1);
      expect(info.videoStreams).toBe(expected.video);
      expect(info.sizeBytes).toBe(fs.statSync(input).size);
      expect(info.audioDurationMs).toBeGreaterThan(10_500);
      const out = path.join(dir, 'work', 'nested', 'audio.wav');
      const { durationMs } = await convertToWav(input, out, { info });
      expect(Math.abs(durationMs - 11_000)).toBeLessThan(150);
      const wav = await readWavInfo(out);
      expect(wav).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16, audioFormat: 1, durationMs });
      // Atomic: nothing but the finished file is left beside it.
      expect(fs.readdirSync(path.dirname(out))).toEqual(['audio.wav']);
      // The converted file probes as the same length.
      expect(Math.abs((await probeMedia(out)).durationMs - durationMs)).toBeLessThanOrEqual(1);
    });
  }
});

describe('bad inputs fail with their own code, naming the file', () => {
  it('missing path → FILE_MISSING', async () => {
    const p = path.join(tempDir(), 'does-not-exist.mp3');
    const e = await codeOf(probeMedia(p));
    expect(e.code).toBe('FILE_MISSING');
    expect(e.message).toContain(p);
    expect((await codeOf(convertToWav(p, path.join(tempDir(), 'o.wav')))).code).toBe('FILE_MISSING');
  });

  it('empty file → FILE_EMPTY', async () => {
    const p = makeEmptyFile(tempDir());
    const e = await codeOf(probeMedia(p));
    expect(e.code).toBe('FILE_EMPTY');
    expect(e.message).toContain(p);
  });

  it('text named .mp3 → NOT_MEDIA', async () => {
    const p = makeTextAsMp3(tempDir());
    const e = await codeOf(probeMedia(p));
    expect(e.code).toBe('NOT_MEDIA');
    expect(e.message).toContain(p);
  });

  it('video without audio → NO_AUDIO_STREAM', async () => {
    const p = await makeVideoWithoutAudio(tempDir());
    const e = await codeOf(probeMedia(p));
    expect(e.code).toBe('NO_AUDIO_STREAM');
    expect(e.message).toContain(p);
    expect(e.message).toMatch(/video/);
  });

  it('an mp3 cut in half → MEDIA_TRUNCATED, and no output is left', async () => {
    const dir = tempDir();
    const p = makeTruncatedMp3(dir);
    const out = path.join(dir, 'out', 'audio.wav');
    const e = await codeOf(convertToWav(p, out));
    expect(e.code).toBe('MEDIA_TRUNCATED');
    expect(e.message).toContain(p);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('other formats cut in half → MEDIA_TRUNCATED (wav, ogg, mkv, mp4)', async () => {
    const dir = tempDir();
    const cut = [
      makeTruncatedCopy(dir, JFK_WAV),
      makeTruncatedCopy(dir, JFK_OGG),
      makeTruncatedCopy(dir, await makeMkvWithAudio(dir)),
      makeTruncatedCopy(dir, await makeMp4WithAudio(dir)),
    ];
    const outDir = path.join(dir, 'out');
    for (const p of cut) {
      const e = await codeOf(convertToWav(p, path.join(outDir, `${path.basename(p)}.wav`)));
      expect({ p, code: e.code }).toEqual({ p, code: 'MEDIA_TRUNCATED' });
    }
    // The mkv is caught after decoding (its DURATION tag vs what decoded): the partial output is removed.
    expect(fs.existsSync(outDir) ? fs.readdirSync(outDir) : []).toEqual([]);
  });

  it('a WAV already 16 kHz mono 16-bit is copied byte for byte; the same samples at 44.1 kHz go through ffmpeg', async () => {
    const dir = tempDir();
    const copy = path.join(dir, 'copy', 'audio.wav');
    expect((await convertToWav(JFK_WAV, copy)).durationMs).toBe(11_000);
    expect(fs.readFileSync(copy).equals(fs.readFileSync(JFK_WAV))).toBe(true);
    expect(fs.readdirSync(path.dirname(copy))).toEqual(['audio.wav']); // no partial file left beside it
    const resampled = path.join(dir, 'jfk-44k.wav');
    execFileSync('sox', ['-D', JFK_WAV, '-r', '44100', resampled]);
    const converted = path.join(dir, 'conv', 'audio.wav');
    await convertToWav(resampled, converted);
    const info = await readWavInfo(converted);
    expect(info).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16 });
    expect(Math.abs(info.durationMs - 11_000)).toBeLessThanOrEqual(20);
    expect(fs.readFileSync(converted).equals(fs.readFileSync(JFK_WAV))).toBe(false);
  });

  it('an aborted conversion → CANCELLED, and no output is left', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'audio.wav');
    const ac = new AbortController();
    ac.abort();
    expect((await codeOf(convertToWav(JFK_MP3, out, { signal: ac.signal }))).code).toBe('CANCELLED');
    expect((await codeOf(convertToWav(JFK_WAV, out, { signal: ac.signal }))).code).toBe('CANCELLED');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a sample rate outside 1 kHz..768 kHz → BAD_AUDIO from the probe; a conversion stops 1 s past maxDurationMs → TOO_LONG, nothing left', async () => {
    const dir = tempDir();
    expect((await probeMedia(JFK_WAV)).sampleRate).toBe(16_000);
    const claiming = (rate: number) => {
      const wav = Buffer.from(fs.readFileSync(JFK_WAV));
      wav.writeUInt32LE(rate, 24); // sample rate
      wav.writeUInt32LE(rate * 2, 28); // byte rate
      const file = path.join(dir, `${rate}hz.wav`);
      fs.writeFileSync(file, wav);
      return file;
    };
    for (const rate of [1, 999, 1_000_000]) {
      const e = await codeOf(convertToWav(claiming(rate), path.join(dir, 'out', `${rate}.wav`)));
      expect(e.code).toBe('BAD_AUDIO');
      expect(e.message).toContain(`claims a sample rate of ${rate} Hz`);
    }
    expect((await probeMedia(claiming(8000))).sampleRate).toBe(8000);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);

    const out = path.join(dir, 'capped', 'audio.wav');
    const e = await codeOf(convertToWav(JFK_WAV, out, { maxDurationMs: 5000 }));
    expect(e.code).toBe('TOO_LONG');
    expect(e.message).toContain(`${JFK_WAV}: the audio goes on past the limit of 5 s`);
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
    expect((await convertToWav(JFK_WAV, out, { maxDurationMs: 11_000 })).durationMs).toBe(11_000);
  });
});
