import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import send from '@fastify/send';
import { EarshotError } from '../../shared/errors.js';
import { extensionOf } from '../../shared/media.js';

/** Source types every current browser's <audio> plays, by extension, with the MIME type to serve them as. */
export const BROWSER_AUDIO_TYPES: Readonly<Record<string, string>> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.webm': 'audio/webm',
  '.weba': 'audio/webm',
};

/** The audio file of a job and its MIME type. */
export interface JobAudio {
  file: string;
  mimeType: string;
}

/** Converts a media file to a 16 kHz mono WAV at `out` (atomically); native/audio's convertToWav. */
export type ConvertToWav = (input: string, out: string) => Promise<unknown>;

/** Conversions for playback in progress, by output path: two requests for one job's audio convert it once. */
const converting = new Map<string, Promise<unknown>>();

/**
 * Which file plays a job's audio: the 16 kHz mono WAV Earshot converted it to (`<workDir>/<jobId>/audio.wav`, what
 * the transcript's times refer to) while it exists; else the source itself when a browser can play its type
 * (BROWSER_AUDIO_TYPES); else a WAV converted from the source for playback (`<workDir>/<jobId>/playback.wav`,
 * made on the first request with `convert` and kept until the job is deleted). `readable` checks the source path
 * against the caller's path guard (throws FORBIDDEN). Throws EarshotError NOT_FOUND when the source is gone too,
 * or the conversion's error (NOT_MEDIA, NO_AUDIO_STREAM, …).
 */
export async function jobAudio(
  job: { id: string; sourcePath: string },
  workDir: string,
  readable: (p: string) => string,
  convert: ConvertToWav,
): Promise<JobAudio> {
  const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() === true;
  for (const name of ['audio.wav', 'playback.wav']) {
    const wav = path.join(workDir, job.id, name);
    if (isFile(wav)) return { file: wav, mimeType: 'audio/wav' };
  }
  if (!isFile(job.sourcePath)) {
    throw new EarshotError('NOT_FOUND', `job ${job.id} has no audio to play: its converted WAV is gone and its source ${job.sourcePath} is missing`);
  }
  const source = readable(job.sourcePath);
  const type = BROWSER_AUDIO_TYPES[extensionOf(source)];
  if (type) return { file: source, mimeType: type };
  const playback = path.join(workDir, job.id, 'playback.wav');
  let pending = converting.get(playback);
  if (!pending) {
    pending = convert(source, playback).finally(() => converting.delete(playback));
    converting.set(playback, pending);
  }
  await pending;
  return { file: playback, mimeType: 'audio/wav' };
}

/** What a transport sends for a file request: status, headers and the body stream. */
export interface FileReply {
  statusCode: number;
  headers: Record<string, string>;
  stream: Readable;
}

/**
 * Answers a GET/HEAD for `audio` with @fastify/send: `Accept-Ranges: bytes`, 206 with `Content-Range` for a
 * satisfiable `Range`, 416 for an unsatisfiable one, ETag/Last-Modified and conditional requests, the MIME type of
 * `audio`. `request` needs only `method` and `headers` (a Node request, or one built from a fetch Request).
 */
export async function sendAudio(request: { method?: string; headers: Record<string, string | string[] | undefined> }, audio: JobAudio): Promise<FileReply> {
  // send() is typed for a Node request but reads only its method and headers.
  const result = await send(request as unknown as Parameters<typeof send>[0], `/${path.basename(audio.file)}`, {
    root: path.dirname(audio.file),
    dotfiles: 'allow',
    index: false,
    cacheControl: false,
  });
  const headers = Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (result.statusCode < 300) headers['content-type'] = audio.mimeType;
  return { statusCode: result.statusCode, headers, stream: result.stream };
}
