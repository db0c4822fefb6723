import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { InputFilters } from '../../shared/contract.js';
import { EarshotError, type ErrorCode } from '../../shared/errors.js';
import { hasMediaExtension } from '../../shared/media.js';
import type { MediaInfo } from '../../../native/audio/index.js';
import { commonFolder } from './output-clashes.js';
import type { EnqueueInput } from './job-store.js';
import type { JobParamsInput } from '../../shared/jobs.js';

/** A file left out of the batch, and why (shown in the summary; not a failure). */
export interface Excluded {
  path: string;
  reason: string;
}

/**
 * An input refused before any job was made, because it is not something Earshot may open as a media file: a FIFO, a
 * device or a socket (NOT_A_FILE), a path through a file (NOT_A_FOLDER), a link loop (LINK_LOOP), a name too long for
 * the file system (NAME_TOO_LONG), a broken link (FILE_MISSING), a folder that cannot be read (IO_ERROR).
 */
export interface Rejected {
  path: string;
  code: ErrorCode;
  message: string;
}

/** What a file-system object is, in words, for messages ("a FIFO (named pipe)"). */
function describeType(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** The first ancestor of `p` that exists and is not a folder (for ENOTDIR messages), or null. */
function fileInTheWay(p: string): string | null {
  const parts = p.split(path.sep);
  for (let n = 2; n < parts.length; n++) {
    const prefix = parts.slice(0, n).join(path.sep) || path.sep;
    const st = fs.statSync(prefix, { throwIfNoEntry: false });
    if (!st) return null;
    if (!st.isDirectory()) return prefix;
  }
  return null;
}

/**
 * The EarshotError for a file-system error met while checking or opening input `p`: ENOENT -> FILE_MISSING,
 * ENOTDIR -> NOT_A_FOLDER, ELOOP -> LINK_LOOP, ENAMETOOLONG -> NAME_TOO_LONG, ENXIO (a socket) -> NOT_A_FILE, anything
 * else IO_ERROR; each message names the path and the cause.
 */
export function inputPathError(p: string, err: unknown): EarshotError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return new EarshotError('FILE_MISSING', `${p}: no such file`, { cause: err });
    case 'ENOTDIR': {
      const inTheWay = fileInTheWay(p);
      return new EarshotError('NOT_A_FOLDER', `${p}: ${inTheWay ? `${inTheWay} is a file, not a folder` : 'a part of this path is a file, not a folder'}`, { cause: err });
    }
    case 'ELOOP':
      return new EarshotError('LINK_LOOP', `${p}: symbolic links loop (a link that leads back to itself); not followed`, { cause: err });
    case 'ENAMETOOLONG':
      return new EarshotError('NAME_TOO_LONG', `${p}: the name is too long for the file system (${Buffer.byteLength(path.basename(p))} bytes)`, { cause: err });
    case 'ENXIO':
      return new EarshotError('NOT_A_FILE', `${p}: a socket or device, not a media file`, { cause: err });
    default:
      return new EarshotError('IO_ERROR', `${p}: cannot read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** How a path checks out by type: a regular file (or a link to one), a folder, nothing there yet, or refused. */
type Checked =
  | { kind: 'file'; stat: fs.Stats }
  | { kind: 'folder'; stat: fs.Stats }
  | { kind: 'missing' }
  | { kind: 'rejected'; error: EarshotError };

/**
 * Checks `p` by type without opening it: lstat, then (for a link) stat of what it resolves to. A regular file or a
 * link to one is a `file`; a folder or a link to one a `folder`; a path that does not exist `missing`; a FIFO, device,
 * socket, broken link, link loop, path through a file or name too long is `rejected` with its code.
 */
export function checkInputPath(p: string): Checked {
  let lst: fs.Stats;
  try {
    lst = fs.lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'rejected', error: inputPathError(p, err) };
  }
  let st = lst;
  if (lst.isSymbolicLink()) {
    try {
      st = fs.statSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { kind: 'rejected', error: inputPathError(p, err) };
      let target = '?';
      try {
        target = fs.readlinkSync(p);
      } catch {
        // keep '?'
      }
      return { kind: 'rejected', error: new EarshotError('FILE_MISSING', `${p}: a broken link (it points to ${target}, which does not exist)`) };
    }
  }
  if (st.isFile()) return { kind: 'file', stat: st };
  if (st.isDirectory()) return { kind: 'folder', stat: st };
  return { kind: 'rejected', error: new EarshotError('NOT_A_FILE', `${p}: ${describeType(st)}, not a media file; not opened`) };
}

/**
 * SHA-256 of a regular file's bytes, hex; streamed so a large video is never held in memory. The file is opened
 * non-blocking and checked with fstat before a byte is read, so a path that became a FIFO or a device since it was
 * checked throws EarshotError('NOT_A_FILE') instead of hanging; other errors are thrown as inputPathError maps them.
 */
export async function hashFile(file: string): Promise<string> {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    throw inputPathError(file, err);
  }
  let st: fs.Stats;
  try {
    st = fs.fstatSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    throw inputPathError(file, err);
  }
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw new EarshotError('NOT_A_FILE', `${file}: ${describeType(st)}, not a media file; not opened`);
  }
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream('', { fd, autoClose: true }), hash);
  return hash.digest('hex');
}

/** The real path of `p` (links resolved), or `p` itself if it cannot be resolved (removed meanwhile). */
function realPathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** A folder's identity (device and inode), so a link back into a folder already walked is seen for what it is. */
const folderId = (st: fs.Stats) => `${st.dev}:${st.ino}`;

interface WalkResult {
  files: string[];
  rejected: Rejected[];
  excluded: Excluded[];
}

/**
 * Walks `dir` recursively, in name order, for media files (by the name's extension). Links are followed once: a link
 * to a media file is an input under the link's own name, a link to a folder is walked unless that folder is already
 * being walked (a loop: excluded with the reason). Entries named like media that are not regular files (FIFOs,
 * devices, sockets, broken links, link loops) are rejected with their code, and a folder named like media with no media
 * in it is excluded with the reason, so every media-named entry the walk meets is accounted for. A folder that cannot
 * be read is rejected with IO_ERROR; the walk goes on.
 */
function walk(dir: string, seen: Set<string>, out: WalkResult): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    out.rejected.push({ path: dir, code: 'IO_ERROR', message: inputPathError(dir, err).message });
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const media = hasMediaExtension(e.name);
    if (e.isFile()) {
      if (media) out.files.push(full);
      continue;
    }
    if (!e.isDirectory() && !e.isSymbolicLink() && !media) continue; // a FIFO or socket not named like media: not an input
    const checked = checkInputPath(full);
    switch (checked.kind) {
      case 'file':
        if (media || hasMediaExtension(realPathOrSelf(full))) out.files.push(full);
        break;
      case 'folder': {
        const id = folderId(checked.stat);
        if (seen.has(id)) {
          out.excluded.push({ path: full, reason: 'a link to a folder already being walked (a loop); not followed again' });
          break;
        }
        seen.add(id);
        const before = out.files.length + out.rejected.length;
        walk(full, seen, out);
        seen.delete(id);
        if (media && out.files.length + out.rejected.length === before) {
          out.excluded.push({ path: full, reason: 'a folder, not a media file, and no media files inside' });
        }
        break;
      }
      case 'missing':
        break; // removed while the walk ran
      case 'rejected':
        if (media) out.rejected.push({ path: full, code: checked.error.code, message: checked.error.message });
        break;
    }
  }
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
 * Every path is checked by type before anything opens it (checkInputPath): a FIFO, device, socket, link loop, broken
 * link, path through a file or too-long name is `rejected` with its own code and no job; one bad input never stops
 * the others. A path that does not exist is still returned, without a hash: its job then fails with FILE_MISSING
 * instead of vanishing from the batch. Empty files get no hash either (all empty files share one, and each must get
 * its own job and its own FILE_EMPTY). Filters by size need only stat; filters by duration run `probe` (ffprobe) on
 * each candidate, and a file that cannot be probed is kept (its job reports why). With `params.outDir`, files named
 * directly that share a name across folders get their common folder as `sourceRoot`, so their outputs do not
 * overwrite each other (see rootsForNameClashes).
 */
export async function collectInputs(
  paths: readonly string[],
  params: JobParamsInput,
  filters: InputFilters = {},
  probe?: (file: string) => Promise<MediaInfo>,
): Promise<{ inputs: EnqueueInput[]; excluded: Excluded[]; rejected: Rejected[] }> {
  const inputs: EnqueueInput[] = [];
  const found: WalkResult = { files: [], rejected: [], excluded: [] };
  const candidates: Array<{ file: string; root: string | null }> = [];
  for (const given of paths) {
    const abs = path.resolve(given);
    const checked = checkInputPath(abs);
    if (checked.kind === 'rejected') {
      found.rejected.push({ path: abs, code: checked.error.code, message: checked.error.message });
    } else if (checked.kind === 'folder') {
      const before = found.files.length;
      const rejectedBefore = found.rejected.length;
      walk(abs, new Set([folderId(checked.stat)]), found);
      for (const file of found.files.slice(before)) candidates.push({ file, root: abs });
      if (found.files.length === before && found.rejected.length === rejectedBefore) {
        found.excluded.push({ path: abs, reason: 'a folder with no media files in it' });
      }
    } else {
      candidates.push({ file: abs, root: null });
    }
  }
  // A path both named and found in a named folder is reported once.
  const rejected = found.rejected.filter((r, i, all) => all.findIndex((o) => o.path === r.path) === i);
  const excluded = found.excluded.filter((e, i, all) => all.findIndex((o) => o.path === e.path) === i);
  const clashRoots = params.outDir ? rootsForNameClashes(candidates.filter((c) => c.root === null).map((c) => c.file)) : new Map<string, string>();
  for (const { file, root } of candidates) {
    const reason = await filterReason(file, filters, probe);
    if (reason) {
      excluded.push({ path: file, reason });
      continue;
    }
    let contentHash: string | null = null;
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0) {
      try {
        contentHash = await hashFile(file);
      } catch (err) {
        const e = EarshotError.from(err);
        if (e.code !== 'FILE_MISSING' && e.code !== 'IO_ERROR') {
          rejected.push({ path: file, code: e.code, message: e.message });
          continue;
        }
        // missing or unreadable: the job reports it
      }
    }
    inputs.push({ sourcePath: file, sourceKind: root ? 'folder-item' : 'file', sourceRoot: root ?? clashRoots.get(file) ?? null, contentHash, params });
  }
  return { inputs, excluded, rejected };
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
