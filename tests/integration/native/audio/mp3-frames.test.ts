import { describe, expect, it } from 'vitest';
import { mpegFrameLength, walkMp3Frames } from '../../../../native/audio/mp3-frames.js';
import { ffmpeg, JFK_MP3, makeTruncatedCopy } from '../../../helpers/media-fixtures.js';
import { JFK_WAV } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const tempDir = useTempDir('earshot-mp3-');

describe('MPEG frame walk', () => {
  it('computes frame lengths from the standard tables', () => {
    expect(mpegFrameLength(0xfffb9064)).toBe(417); // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz
    expect(mpegFrameLength(0xfffb9264)).toBe(418); // same, padded
    expect(mpegFrameLength(0xfff38064)).toBe(208); // MPEG-2 Layer III, 64 kbit/s, 22.05 kHz: floor(72 * 64000 / 22050)
    expect(mpegFrameLength(0x12345678)).toBeNull();
  });

  it('finds jfk.mp3 complete and a head -c cut incomplete', async () => {
    const whole = await walkMp3Frames(JFK_MP3);
    expect(whole.complete).toBe(true);
    expect(whole.frames).toBeGreaterThan(100);
    const cut = await walkMp3Frames(makeTruncatedCopy(tempDir(), JFK_MP3, 0.5));
    expect(cut.complete).toBe(false);
    expect(cut.missingBytes).toBeGreaterThan(0);
  });

  it('sees a cut in a VBR MP3 without a Xing header too', async () => {
    const dir = tempDir();
    const noXing = `${dir}/no-xing.mp3`;
    await ffmpeg(['-i', JFK_WAV, '-c:a', 'libmp3lame', '-q:a', '4', '-write_xing', '0', noXing]);
    expect((await walkMp3Frames(noXing)).complete).toBe(true);
    expect((await walkMp3Frames(makeTruncatedCopy(dir, noXing, 0.37))).complete).toBe(false);
  });
});
