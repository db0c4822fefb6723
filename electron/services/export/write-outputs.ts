import { randomUUID } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EarshotError } from '../../shared/errors.js';
import type { Job, OutputFormat, Segment } from '../../shared/jobs.js';
import { MEDIA_EXTENSIONS } from '../jobs/collect-inputs.js';
import { renderTranscript } from './formats.js';

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
  return names.some((n) => n !== own && MEDIA_EXTENSIONS.has(path.extname(n).toLowerCase()) && path.basename(n, path.extname(n)) === stem);
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

/**
 * Writes `content` to `file` atomically: a temp file in the same folder, fsync'd, then renamed over the target,
 * so a reader never sees half a transcript. Throws EarshotError('IO_ERROR') naming the file.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new EarshotError('IO_ERROR', `${file}: could not write output (${(err as Error).message})`, { cause: err });
  }
}

/** Renders and writes every format the job asked for; returns `{ format: path }`. */
export async function writeOutputs(job: Job, segments: readonly Segment[]): Promise<Record<string, string>> {
  const paths = outputPaths(job);
  const meta = {
    source: job.sourcePath,
    model: job.params.model,
    language: job.language,
    backend: job.backend,
    durationMs: job.durationMs,
  };
  const written: Record<string, string> = {};
  for (const format of job.params.formats) {
    await writeFileAtomic(paths[format], renderTranscript(format, segments, meta));
    written[format] = paths[format];
  }
  return written;
}
