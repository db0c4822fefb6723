import { open } from 'node:fs/promises';
import { walkMp3Frames } from './mp3-frames.js';
import type { MediaInfo } from './types.js';
import { readWavInfo } from './wav.js';

/**
 * Truncation detection: does an input end before its own headers say it should? (A recording cut off by a
 * crash, a half-finished download, `head -c`.) ffmpeg decodes such files without an error most of the time,
 * so Earshot looks for evidence in two places:
 *
 * 1. Structure, per format, before decoding (cheap, reads headers only):
 *    - WAV: the data chunk declares more bytes than the file holds;
 *    - Ogg (Vorbis/Opus/FLAC-in-Ogg): the last page is incomplete, or lacks the end-of-stream flag every
 *      finished Ogg stream sets on its last page (RFC 3533 §6);
 *    - MP3: the last MPEG frame runs past the end of the file (see mp3-frames.ts).
 * 2. Duration, after decoding: the audio decoded is clearly shorter than the audio stream's declared duration
 *    (Xing/VBRI header, MP4 `moov`, Matroska DURATION tag). Skipped when ffmpeg only estimated the duration
 *    from the bitrate, which can be off by 10 % either way on VBR files.
 */

/** A finding: null = no evidence of truncation; otherwise why the file looks cut. */
export type TruncationEvidence = string | null;

/** Shortfall that counts as truncation: 1 s or 5 % of the declared duration, whichever is larger. */
export function durationShortfallLimitMs(declaredMs: number): number {
  return Math.max(1000, declaredMs * 0.05);
}

/** Evidence from decoded vs declared duration (both ms), or null when they agree or the declaration is a guess. */
export function checkDecodedDuration(info: MediaInfo, decodedMs: number): TruncationEvidence {
  if (info.durationEstimated || info.audioDurationMs === null || info.audioDurationMs <= 0) return null;
  const shortfall = info.audioDurationMs - decodedMs;
  if (shortfall <= durationShortfallLimitMs(info.audioDurationMs)) return null;
  return `decoded ${(decodedMs / 1000).toFixed(1)} s of audio but the file declares ${(info.audioDurationMs / 1000).toFixed(1)} s`;
}

async function checkWav(path: string): Promise<TruncationEvidence> {
  const wav = await readWavInfo(path);
  const undeclared = wav.declaredDataBytes === 0 || wav.declaredDataBytes === 0xffffffff;
  if (undeclared || wav.dataBytes >= wav.declaredDataBytes) return null;
  return `its WAV header declares ${wav.declaredDataBytes} bytes of samples but only ${wav.dataBytes} are present`;
}

/** The Ogg page header is 27 bytes + one lacing byte per segment; a page is at most 65 307 bytes. */
const OGG_MAX_PAGE = 65_307;

async function checkOgg(path: string, size: number): Promise<TruncationEvidence> {
  const fh = await open(path, 'r');
  try {
    const tailStart = Math.max(0, size - OGG_MAX_PAGE);
    const tail = Buffer.alloc(size - tailStart);
    await fh.read(tail, 0, tail.length, tailStart);
    const at = tail.lastIndexOf('OggS');
    if (at < 0) return null;
    if (at + 27 > tail.length) return 'its last Ogg page header is cut off';
    const segments = tail[at + 26]!;
    if (at + 27 + segments > tail.length) return 'its last Ogg page header is cut off';
    let body = 0;
    for (let i = 0; i < segments; i++) body += tail[at + 27 + i]!;
    const pageEnd = tailStart + at + 27 + segments + body;
    if (pageEnd > size) return `its last Ogg page needs ${pageEnd - size} more bytes than the file holds`;
    if (pageEnd < size) return null; // trailing bytes after the last page: not ours to judge
    const endOfStream = (tail[at + 5]! & 0x04) !== 0;
    return endOfStream ? null : 'its last Ogg page is not marked end-of-stream (the writer never finished it)';
  } finally {
    await fh.close();
  }
}

async function checkMp3(path: string): Promise<TruncationEvidence> {
  const walk = await walkMp3Frames(path);
  return walk.complete === false ? `its last MP3 frame needs ${walk.missingBytes} more bytes than the file holds` : null;
}

/**
 * Structural evidence of truncation for the formats Earshot knows (WAV, Ogg, MP3: by ffprobe's format name),
 * reading only headers and frame boundaries. Other formats: null (the duration check still applies).
 */
export async function checkStructure(path: string, info: MediaInfo): Promise<TruncationEvidence> {
  const formats = info.formatName.split(',');
  try {
    if (formats.includes('wav')) return await checkWav(path);
    if (formats.includes('ogg')) return await checkOgg(path, info.sizeBytes);
    if (formats.includes('mp3')) return await checkMp3(path);
  } catch {
    // A variant these readers do not know (RF64, odd chunk layouts): no structural verdict; ffmpeg decides.
    return null;
  }
  return null;
}
