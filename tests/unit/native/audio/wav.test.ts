import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EarshotError } from '../../../../electron/shared/errors.js';
import { readPcm16, readPcm16Bytes, readWavInfo } from '../../../../native/audio/wav.js';
import { JFK_WAV } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const tempDir = useTempDir('earshot-wav-');

describe('readWavInfo / readPcm16', () => {
  it('reads the header of jfk.wav', async () => {
    const info = await readWavInfo(JFK_WAV);
    expect(info).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: 16, audioFormat: 1, frames: 176_000, durationMs: 11_000 });
    expect(info.dataOffset + info.dataBytes).toBe(fs.statSync(JFK_WAV).size);
  });

  it('reads exactly the requested byte range, clamped to the data', async () => {
    const info = await readWavInfo(JFK_WAV);
    const whole = fs.readFileSync(JFK_WAV);
    const bytes = await readPcm16Bytes(JFK_WAV, info, 16_000, 8);
    expect(bytes.equals(whole.subarray(info.dataOffset + 32_000, info.dataOffset + 32_016))).toBe(true);
    const samples = await readPcm16(JFK_WAV, info, 16_000, 8);
    expect(Array.from(samples)).toEqual(Array.from({ length: 8 }, (_, i) => whole.readInt16LE(info.dataOffset + 32_000 + i * 2)));
    expect((await readPcm16(JFK_WAV, info, 175_990, 100)).length).toBe(10);
    expect((await readPcm16(JFK_WAV, info, 200_000, 100)).length).toBe(0);
  });

  it('fails with codes on a missing file and on a file that is not a WAV', async () => {
    const missing = await readWavInfo(`${tempDir()}/nope.wav`).catch((e: unknown) => e);
    expect((missing as EarshotError).code).toBe('FILE_MISSING');
    const text = `${tempDir()}/text.wav`;
    fs.writeFileSync(text, 'not a wav at all, just text');
    const bad = await readWavInfo(text).catch((e: unknown) => e);
    expect((bad as EarshotError).code).toBe('NOT_MEDIA');
    expect((bad as EarshotError).message).toContain(text);
  });
});
