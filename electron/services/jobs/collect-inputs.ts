import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { InputFilters } from '../../shared/contract.js';
import { hasMediaExtension } from '../../shared/media.js';
import type { MediaInfo } from '../../../native/audio/index.js';
import type { EnqueueInput } from './job-store.js';
import type { JobParamsInput } from '../../shared/jobs.js';

/** A file left out of the batch, and why (shown in the summary; not a failure). */
export interface Excluded {
  path: string;
  reason: string;
}

/** SHA-256 of a file's bytes, hex; streamed so a large video is never held in memory. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

function* walk(dir: string): Generator<string> {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile() && hasMediaExtension(e.name)) yield full;
  }
}

/** The deepest folder that holds every one of `dirs` (absolute paths). */
function commonFolder(dirs: readonly string[]): string {
  const split = dirs.map((d) => d.split(path.sep));
  const first = split[0]!;
  let n = 0;
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}

/**
 * Files named directly go flat into `--out`, so two of one name from different folders (a/talk.wav, b/talk.wav)
 * would write the same outputs. For each such group, returns the group's common folder as the files' root, so their
 * outputs mirror the tree below it (out/a/talk.txt, out/b/talk.txt). Keyed by file; files that collide with nothing
 * are absent.
 */
function rootsForNameClashes(files: readonly string[]): Map<string, string> {
  const byStem = new Map<string, string[]>();
  for (const file of files) {
    const stem = path.basename(file, path.extname(file));
    byStem.set(stem, [...(byStem.get(stem) ?? []), file]);
  }
  const roots = new Map<string, string>();
  for (const group of byStem.values()) {
    const dirs = [...new Set(group.map((f) => path.dirname(f)))];
    if (dirs.length < 2) continue; // one folder: outputPaths keeps the source extensions apart
    const root = commonFolder(dirs);
    for (const file of group) roots.set(file, root);
  }
  return roots;
}

/**
 * Expands the paths a user gave (files and folders, folders recursively) into enqueue inputs with content hashes.
 * A path that does not exist, or a file that cannot be hashed, is still returned, without a hash: its job then fails
 * with a clear error code (FILE_MISSING, …) instead of vanishing from the batch. Filters by size need only stat;
 * filters by duration run `probe` (ffprobe) on each candidate, and a file that cannot be probed is kept (its job
 * reports why). With `params.outDir`, files named directly that share a name across folders get their common folder
 * as `sourceRoot`, so their outputs do not overwrite each other (see rootsForNameClashes).
 */
export async function collectInputs(
  paths: readonly string[],
  params: JobParamsInput,
  filters: InputFilters = {},
  probe?: (file: string) => Promise<MediaInfo>,
): Promise<{ inputs: EnqueueInput[]; excluded: Excluded[] }> {
  const inputs: EnqueueInput[] = [];
  const excluded: Excluded[] = [];
  const candidates: Array<{ file: string; root: string | null }> = [];
  for (const given of paths) {
    const abs = path.resolve(given);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (stat?.isDirectory()) for (const file of walk(abs)) candidates.push({ file, root: abs });
    else candidates.push({ file: abs, root: null });
  }
  const clashRoots = params.outDir ? rootsForNameClashes(candidates.filter((c) => c.root === null).map((c) => c.file)) : new Map<string, string>();
  for (const { file, root } of candidates) {
    const reason = await filterReason(file, filters, probe);
    if (reason) {
      excluded.push({ path: file, reason });
      continue;
    }
    let contentHash: string | null = null;
    try {
      contentHash = await hashFile(file);
    } catch {
      // missing or unreadable: the job reports it
    }
    inputs.push({ sourcePath: file, sourceKind: root ? 'folder-item' : 'file', sourceRoot: root ?? clashRoots.get(file) ?? null, contentHash, params });
  }
  return { inputs, excluded };
}

async function filterReason(file: string, f: InputFilters, probe?: (file: string) => Promise<MediaInfo>): Promise<string | null> {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return null;
  if (f.minSizeBytes !== undefined && stat.size < f.minSizeBytes) return `smaller than ${f.minSizeBytes} bytes`;
  if (f.maxSizeBytes !== undefined && stat.size > f.maxSizeBytes) return `larger than ${f.maxSizeBytes} bytes`;
  if ((f.minDurationMs === undefined && f.maxDurationMs === undefined) || !probe) return null;
  let durationMs: number;
  try {
    durationMs = (await probe(file)).durationMs;
  } catch {
    return null;
  }
  if (f.minDurationMs !== undefined && durationMs < f.minDurationMs) return `shorter than ${f.minDurationMs / 1000} s`;
  if (f.maxDurationMs !== undefined && durationMs > f.maxDurationMs) return `longer than ${f.maxDurationMs / 1000} s`;
  return null;
}
