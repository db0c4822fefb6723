import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ffmpegPath } from '../../native/audio/tools.js';
import { FIXTURE_AUDIO_DIR, JFK_WAV } from './paths.js';

/**
 * Media fixtures made on the fly with the real ffmpeg (`@ffmpeg-installer/ffmpeg`) from the bundled JFK
 * recording, in a folder the caller owns (e.g. from tests/helpers/temp-dir.ts `useTempDir()`).
 * Every function returns the absolute path of the file it wrote. Durations in ms.
 */

const run = promisify(execFile);

/** jfk.mp3 (11.088 s, with a Xing header) and jfk.ogg (Vorbis, 11 s), committed under tests/fixtures/audio. */
export const JFK_MP3 = path.join(FIXTURE_AUDIO_DIR, 'jfk.mp3');
export const JFK_OGG = path.join(FIXTURE_AUDIO_DIR, 'jfk.ogg');
/** Length of jfk.wav in ms (176 000 samples at 16 kHz). */
export const JFK_MS = 11_000;

/** Runs ffmpeg quietly with `args` (after -y); throws with ffmpeg's stderr if it fails. */
export async function ffmpeg(args: string[]): Promise<void> {
  try {
    await run(ffmpegPath(), ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args]);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`ffmpeg ${args.join(' ')} failed: ${stderr || String(err)}`, { cause: err });
  }
}

/** An H.264 MP4 with a 160x120 test pattern and the JFK speech as AAC, both 11 s. */
export async function makeMp4WithAudio(dir: string, name = 'jfk.mp4'): Promise<string> {
  const out = path.join(dir, name);
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-i', JFK_WAV, '-t', '11',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out]);
  return out;
}

/** A Matroska file with a test-pattern video and the JFK speech as Vorbis, both 11 s. */
export async function makeMkvWithAudio(dir: string, name = 'jfk.mkv'): Promise<string> {
  const out = path.join(dir, name);
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-i', JFK_WAV, '-t', '11',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'libvorbis', out]);
  return out;
}

/** A 3 s H.264 MP4 with no audio stream. */
export async function makeVideoWithoutAudio(dir: string, name = 'silent-video.mp4'): Promise<string> {
  const out = path.join(dir, name);
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out]);
  return out;
}

/** A 0-byte file named like audio. */
export function makeEmptyFile(dir: string, name = 'empty.mp3'): string {
  const out = path.join(dir, name);
  fs.writeFileSync(out, '');
  return out;
}

/** A text file named .mp3. */
export function makeTextAsMp3(dir: string, name = 'notes.mp3'): string {
  const out = path.join(dir, name);
  fs.writeFileSync(out, 'This is a shopping list, not a song.\nMilk\nEggs\n'.repeat(20));
  return out;
}

/** The first `fraction` of the bytes of `source` (default jfk.mp3), as `head -c` would cut it. */
export function makeTruncatedCopy(dir: string, source = JFK_MP3, fraction = 0.5, name?: string): string {
  const bytes = fs.readFileSync(source);
  const out = path.join(dir, name ?? `truncated-${path.basename(source)}`);
  fs.writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return out;
}

/** jfk.mp3 cut in half (its Xing header still declares 11.088 s). */
export function makeTruncatedMp3(dir: string): string {
  return makeTruncatedCopy(dir, JFK_MP3, 0.5, 'truncated.mp3');
}

/**
 * A 16 kHz mono WAV of the JFK speech `before` times, then `silenceMs` of digital silence, then JFK `after`
 * times (concatenated with ffmpeg's concat filter). Returns where the silence lies.
 */
export async function makeSpeechWithSilence(
  dir: string,
  opts: { before?: number; silenceMs?: number; after?: number; name?: string } = {},
): Promise<{ path: string; silenceStartMs: number; silenceEndMs: number; durationMs: number }> {
  const before = opts.before ?? 2;
  const after = opts.after ?? 1;
  const silenceMs = opts.silenceMs ?? 600;
  const out = path.join(dir, opts.name ?? 'speech-with-silence.wav');
  const inputs: string[] = [];
  for (let i = 0; i < before; i++) inputs.push('-i', JFK_WAV);
  inputs.push('-f', 'lavfi', '-t', String(silenceMs / 1000), '-i', 'anullsrc=r=16000:cl=mono');
  for (let i = 0; i < after; i++) inputs.push('-i', JFK_WAV);
  const n = before + 1 + after;
  const labels = Array.from({ length: n }, (_, i) => `[${i}:a]`).join('');
  await ffmpeg([...inputs, '-filter_complex', `${labels}concat=n=${n}:v=0:a=1[out]`, '-map', '[out]',
    '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', out]);
  const silenceStartMs = before * JFK_MS;
  return { path: out, silenceStartMs, silenceEndMs: silenceStartMs + silenceMs, durationMs: (before + after) * JFK_MS + silenceMs };
}

/** The JFK speech `times` times back to back as a 16 kHz mono WAV (a longer input for engine tests). */
export async function makeRepeatedSpeech(dir: string, times: number, name = `jfk-x${times}.wav`): Promise<string> {
  const out = path.join(dir, name);
  const inputs: string[] = [];
  for (let i = 0; i < times; i++) inputs.push('-i', JFK_WAV);
  const labels = Array.from({ length: times }, (_, i) => `[${i}:a]`).join('');
  await ffmpeg([...inputs, '-filter_complex', `${labels}concat=n=${times}:v=0:a=1[out]`, '-map', '[out]',
    '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', out]);
  return out;
}
