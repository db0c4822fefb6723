import fsSync from 'node:fs';
import path from 'node:path';
import type { Job, OutputFormat, Segment } from '../../shared/jobs.js';
import { hasMediaExtension } from '../../shared/media.js';
import { writeFileAtomic } from '../_utils/write-file-atomic.js';
import { renderTranscript, type TranscriptMeta } from './formats.js';

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
 * Where a job's outputs go: `<name>.<ext>` beside the input, or under `params.outDir`, mirroring the input's
 * folder relative to `sourceRoot` for folder items. When the input's folder holds another media file of the same
 * name (talk.mp3 and talk.wav), the source extension is kept so neither overwrites the other: `talk.mp3.srt`,
 * `talk.wav.srt` (whisper.cpp's own naming). Returns absolute paths keyed by format.
 */
export function outputPaths(job: Pick<Job, 'sourcePath' | 'sourceRoot' | 'params'>): Record<OutputFormat, string> {
  const src = path.resolve(job.sourcePath);
  const base = hasSameStemSibling(src) ? path.basename(src) : path.basename(src, path.extname(src));
  let dir = path.dirname(src);
  if (job.params.outDir) {
    const rel = job.sourceRoot ? path.relative(path.resolve(job.sourceRoot), dir) : '';
    dir = path.join(path.resolve(job.params.outDir), rel.startsWith('..') ? '' : rel);
  }
  const at = (ext: OutputFormat) => path.join(dir, `${base}.${ext}`);
  return { txt: at('txt'), srt: at('srt'), vtt: at('vtt'), json: at('json') };
}

/** Renders and writes every format the job asked for; returns `{ format: path }`. */
export async function writeOutputs(job: Job, segments: readonly Segment[]): Promise<Record<string, string>> {
  const paths = outputPaths(job);
  const meta = transcriptMeta(job);
  const written: Record<string, string> = {};
  for (const format of job.params.formats) {
    await writeFileAtomic(paths[format], renderTranscript(format, segments, meta));
    written[format] = paths[format];
  }
  return written;
}

/** The JSON export's header fields of a job. */
export function transcriptMeta(job: Job): TranscriptMeta {
  return { title: job.title, source: job.sourcePath, model: job.params.model, language: job.language, backend: job.backend, durationMs: job.durationMs };
}
