import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RecordingInfo } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import { writeFileAtomic } from '../_utils/write-file-atomic.js';

/**
 * The JSON sidecar beside each recording (`<recordings>/<id>.meta.json`: a name of its own, so the recording's
 * transcript, `<id>.json` beside `<id>.webm`, never lands on it), written atomically at start, on recovery and
 * on stop (never per chunk: the audio file's own size is the byte count). States:
 * - `recording`: chunks may still arrive (or the process died while they did);
 * - `recovered`: the process or page went away mid-recording; the file was finalised and waits to be transcribed;
 * - `stopped`: finished and handed to the job queue as `jobId`.
 */
export const RecordingMeta = z.object({
  id: z.string().uuid(),
  mimeType: z.string().min(1),
  /** File extension of the audio file, chosen from the MIME type (see extensionFor). */
  ext: z.enum(['webm', 'ogg', 'm4a', 'wav', 'mp3']),
  /** Epoch ms. */
  startedAt: z.number().int(),
  state: z.enum(['recording', 'recovered', 'stopped']),
  jobId: z.string().uuid().nullable(),
  /** Audio bytes as of the last sidecar write. */
  bytes: z.number().int().nonnegative(),
});
export type RecordingMeta = z.infer<typeof RecordingMeta>;
export type RecordingExt = RecordingMeta['ext'];

/**
 * The audio file extension for a MediaRecorder MIME type such as `audio/webm;codecs=opus` (parameters ignored,
 * case-insensitive). Chromium and Firefox record WebM or Ogg, Safari fragmented MP4.
 * Throws EarshotError('BAD_REQUEST') naming the type for anything else.
 */
export function extensionFor(mimeType: string): RecordingExt {
  const base = mimeType.split(';')[0]!.trim().toLowerCase();
  switch (base) {
    case 'audio/webm':
    case 'video/webm':
      return 'webm';
    case 'audio/ogg':
    case 'application/ogg':
      return 'ogg';
    case 'audio/mp4':
    case 'video/mp4':
    case 'audio/x-m4a':
      return 'm4a';
    case 'audio/wav':
    case 'audio/wave':
    case 'audio/x-wav':
      return 'wav';
    case 'audio/mpeg':
      return 'mp3';
    default:
      throw new EarshotError('BAD_REQUEST', `cannot record "${mimeType}": use audio/webm, audio/ogg, audio/mp4, audio/wav or audio/mpeg`);
  }
}

/** The sidecar's name: `<id>.meta.json`. */
export const SIDECAR_SUFFIX = '.meta.json';
/** A sidecar's file name (`<uuid>.meta.json`). */
export const SIDECAR_NAME = /^[0-9a-f-]{36}\.meta\.json$/i;
/**
 * The name sidecars had before they got their own (`<uuid>.json`), which the recording's JSON transcript also takes:
 * such a file is a sidecar only if it parses as one (see migrateLegacySidecar).
 */
export const LEGACY_SIDECAR_NAME = /^[0-9a-f-]{36}\.json$/i;

/** `<dir>/<id>.meta.json`. `id` is a UUID (checked by the contract), so it cannot leave `dir`. */
export function sidecarPath(dir: string, id: string): string {
  return path.join(dir, `${id}${SIDECAR_SUFFIX}`);
}

/** `<dir>/<id>.meta.json` and `<dir>/<id>.<ext>`. */
export function recordingFiles(dir: string, meta: Pick<RecordingMeta, 'id' | 'ext'>): { sidecar: string; audio: string } {
  return { sidecar: sidecarPath(dir, meta.id), audio: path.join(dir, `${meta.id}.${meta.ext}`) };
}

/** Writes the sidecar atomically (temp file, fsync, rename). Throws IO_ERROR naming the file. */
export async function writeMeta(dir: string, meta: RecordingMeta): Promise<void> {
  await writeFileAtomic(recordingFiles(dir, meta).sidecar, `${JSON.stringify(meta, null, 2)}\n`);
}

/**
 * Reads and zod-parses a sidecar. Returns `{ meta }`, or `{ problem }` with a reason naming the file when the file is
 * unreadable, not JSON or not a sidecar (the caller logs it and leaves the recording alone).
 */
export async function readMeta(file: string): Promise<{ meta: RecordingMeta } | { problem: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    return { problem: `${file}: cannot read (${(err as Error).message})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: `${file}: not JSON: ${text.slice(0, 200)}` };
  }
  const parsed = RecordingMeta.safeParse(raw);
  if (!parsed.success) return { problem: `${file}: not a recording sidecar (${z.prettifyError(parsed.error)}): ${text.slice(0, 200)}` };
  const own = [`${parsed.data.id}${SIDECAR_SUFFIX}`, `${parsed.data.id}.json`];
  if (!own.includes(path.basename(file))) return { problem: `${file}: names recording ${parsed.data.id}, not itself` };
  return { meta: parsed.data };
}

/**
 * Moves a sidecar an older Earshot wrote as `<dir>/<uuid>.json` to its own name (`<uuid>.meta.json`) when it parses
 * as that recording's sidecar and no sidecar has the new name yet. Returns true when it moved one. Anything else at
 * the old name (the recording's JSON transcript) is left as it is.
 */
export async function migrateLegacySidecar(dir: string, name: string): Promise<boolean> {
  const file = path.join(dir, name);
  const read = await readMeta(file);
  if ('problem' in read) return false;
  const target = recordingFiles(dir, read.meta).sidecar;
  if (await fs.stat(target).then(() => true, () => false)) return false;
  await fs.rename(file, target);
  return true;
}

/** The contract's view of a recording. */
export function toInfo(dir: string, meta: RecordingMeta, bytes: number = meta.bytes): RecordingInfo {
  return {
    id: meta.id,
    path: recordingFiles(dir, meta).audio,
    mimeType: meta.mimeType,
    bytes,
    startedAt: meta.startedAt,
    finished: meta.state === 'stopped',
  };
}
