import { createHash } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EarshotError } from '../../shared/errors.js';
import type { Job, OutputFormat, Segment } from '../../shared/jobs.js';
import { hasMediaExtension } from '../../shared/media.js';
import { cueLayout, renderTranscript, type TranscriptMeta } from './formats.js';
import type { WrittenFiles } from './written-files.js';

/**
 * True if the folder of `src` holds another media file (by MEDIA_EXTENSIONS) with the same name but another
 * extension, e.g. talk.wav beside talk.mp3. False when the folder cannot be read.
 */
function hasSameStemSibling(src: string): boolean {
  const own = path.basename(src);
  const stem = path.basename(src, path.extname(src));
  let names: string[];
  try {
    names = fsSync.readdirSync(path.dirname(src));
  } catch {
    return false;
  }
  return names.some((n) => n !== own && hasMediaExtension(n) && path.basename(n, path.extname(n)) === stem);
}

/**
 * The longest output base name kept as it is, in bytes: a file name may have 255 bytes (NAME_MAX on Linux, macOS and
 * Windows alike), and the base still needs room for a numbered suffix (`.999`) and the longest extension (`.json`).
 */
export const MAX_OUTPUT_BASE_BYTES = 240;

/**
 * `base` when it fits MAX_OUTPUT_BASE_BYTES; else its first bytes (cut at a character boundary) + `~` + the first 8
 * hex digits of its SHA-256, so two long names that start alike still get different outputs.
 */
export function fitOutputBase(base: string): string {
  const bytes = Buffer.from(base, 'utf8');
  if (bytes.length <= MAX_OUTPUT_BASE_BYTES) return base;
  const tag = `~${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}`;
  let cut = MAX_OUTPUT_BASE_BYTES - tag.length;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--; // not inside a UTF-8 sequence
  return `${bytes.subarray(0, cut).toString('utf8')}${tag}`;
}

/**
 * Where a job's outputs go: `<name>.<ext>` beside the input, or under `params.outDir`, mirroring the input's
 * folder relative to `sourceRoot` for folder items. When the input's folder holds another media file of the same
 * name (talk.mp3 and talk.wav), the source extension is kept so neither overwrites the other: `talk.mp3.srt`,
 * `talk.wav.srt` (whisper.cpp's own naming). A name too long for the file system is shortened with a hash (see
 * fitOutputBase). Returns absolute paths keyed by format: where the outputs go when nothing is in the way (see
 * WrittenFiles.writeSet for what happens when something is).
 */
export function outputPaths(job: Pick<Job, 'sourcePath' | 'sourceRoot' | 'params'>): Record<OutputFormat, string> {
  const src = path.resolve(job.sourcePath);
  const base = fitOutputBase(hasSameStemSibling(src) ? path.basename(src) : path.basename(src, path.extname(src)));
  let dir = path.dirname(src);
  if (job.params.outDir) {
    const rel = job.sourceRoot ? path.relative(path.resolve(job.sourceRoot), dir) : '';
    dir = path.join(path.resolve(job.params.outDir), rel.startsWith('..') ? '' : rel);
  }
  const at = (ext: OutputFormat) => path.join(dir, `${base}.${ext}`);
  return { txt: at('txt'), srt: at('srt'), vtt: at('vtt'), json: at('json') };
}

/**
 * Renders and writes every format the job asked for, through `files` (never over a file Earshot did not write,
 * unless the job's params say overwrite; see WrittenFiles.writeSet). Returns `{ outputs: { format: path }, notes }`:
 * the paths written, and a note for each output that went elsewhere than planned. Throws IO_ERROR naming the file.
 */
export async function writeOutputs(job: Job, segments: readonly Segment[], files: WrittenFiles): Promise<{ outputs: Record<string, string>; notes: string[] }> {
  const planned = outputPaths(job);
  const meta = transcriptMeta(job);
  const formats = job.params.formats;
  const targets = formats.map((format) => ({ path: planned[format], content: renderTranscript(format, segments, meta, cueLayout(job.params)) }));
  const { paths, notes } = await files.writeSet(targets, { jobId: job.id, sourcePath: job.sourcePath }, { overwrite: job.params.overwrite });
  return { outputs: Object.fromEntries(formats.map((format, i) => [format, paths[i]!])), notes };
}

/**
 * Checks, before any work, that a job's outputs can be written where outputPaths puts them: the nearest folder of
 * each that exists is a folder and writable. Throws IO_ERROR naming the folder and the cause.
 */
export async function checkOutputFolder(job: Pick<Job, 'sourcePath' | 'sourceRoot' | 'params'>): Promise<void> {
  const dir = path.dirname(outputPaths(job).txt);
  const problem = await folderProblem(dir);
  if (problem) throw new EarshotError('IO_ERROR', `${job.sourcePath}: cannot write its transcripts to ${dir}: ${problem}`);
}

/**
 * Why transcripts could not be written under folder `dir` (created as needed), or null when they can: its nearest
 * existing ancestor must be a folder this process may write to. Nothing is created.
 */
export async function folderProblem(dir: string): Promise<string | null> {
  let cur = path.resolve(dir);
  for (;;) {
    const st = await fs.stat(cur).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : err));
    if (st instanceof Error) return `${cur}: ${(st as NodeJS.ErrnoException).code ?? st.message}`;
    if (st) {
      if (!st.isDirectory()) return `${cur} is a file, not a folder`;
      try {
        await fs.access(cur, fs.constants.W_OK);
        return null;
      } catch {
        return `${cur} is not writable`;
      }
    }
    const parent = path.dirname(cur);
    if (parent === cur) return `${dir}: no such folder`;
    cur = parent;
  }
}

/** The JSON export's header fields of a job. */
export function transcriptMeta(job: Job): TranscriptMeta {
  return { title: job.title, source: job.sourcePath, model: job.params.model, language: job.language, backend: job.backend, durationMs: job.durationMs };
}
