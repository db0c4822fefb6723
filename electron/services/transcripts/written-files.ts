import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { EarshotError } from '../../shared/errors.js';
import { writeFileAtomic, writeFileExclusive } from '../_utils/write-file-atomic.js';

/** Whom a transcript file is written for: the input it transcribes, and the job (null when there is none any more). */
export interface Writer {
  jobId: string | null;
  /** Absolute path of the input the transcript is of. */
  sourcePath: string;
}

/**
 * What is at a target path now, for `writer`:
 * - `missing`: nothing; written with an exclusive create;
 * - `ours`: a transcript Earshot wrote there for the same input, unchanged since (same size and SHA-256); replaced;
 * - `foreign`: a file Earshot did not write, wrote for another input, or that changed since; kept unless the caller
 *   asks to overwrite;
 * - `blocked`: never replaced, even when asked (a folder, a job's input, an upload, a recording or its sidecar,
 *   a media file, Earshot's own database or settings; see protectedTargets).
 */
export type TargetState = { state: 'missing' | 'ours' } | { state: 'foreign' | 'blocked'; why: string };

/**
 * Why a path may never be written (a sentence fragment: "it is …"), or null when it may. `recorded`: Earshot wrote
 * the file there as a transcript for the same input, unchanged since; `exists`: something is there now.
 */
export type ProtectedCheck = (file: string, what: { recorded: boolean; exists: boolean }) => string | null;

const Row = z.object({ path: z.string(), sha256: z.string(), size: z.number(), source_path: z.string(), job_id: z.string().nullable() });
type Row = z.infer<typeof Row>;

/** Numbered names tried beside a target that is taken: talk.1.txt … talk.999.txt. */
const MAX_SUFFIX = 999;

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `talk.txt` -> `talk.<n>.txt` (the suffix goes before the last extension). */
export function numberedPath(file: string, n: number): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.${n}${ext}`);
}

function isInside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The paths no transcript may replace, even with overwrite: Earshot's database, settings, models, logs and work files
 * (existing or not), and, when they exist, every job's input (`isSource`), files under `uploads` and `recordings`
 * Earshot did not record as transcripts (uploaded audio, recordings, their sidecars) and any file with a media
 * extension (`isMedia`). The returned check says why ("it is …"), or null when the path may be written.
 */
export function protectedTargets(opts: {
  dataPaths: { db: string; settings: string; models: string; work: string; logs: string; uploads: string; recordings: string };
  isSource: (file: string) => boolean;
  isMedia: (file: string) => boolean;
}): ProtectedCheck {
  const { dataPaths: p } = opts;
  const internal = [p.models, p.work, p.logs].map((d) => path.resolve(d));
  const dbFiles = new Set([p.db, `${p.db}-wal`, `${p.db}-shm`, `${p.db}-journal`, p.settings].map((f) => path.resolve(f)));
  return (file, { recorded, exists }) => {
    const abs = path.resolve(file);
    if (dbFiles.has(abs) || internal.some((d) => isInside(abs, d))) return "it is one of Earshot's own files";
    if (!exists) return null;
    if (opts.isSource(abs)) return 'it is the input of a transcription job';
    if (!recorded && isInside(abs, path.resolve(p.uploads))) return 'it is an uploaded file';
    if (!recorded && isInside(abs, path.resolve(p.recordings))) return 'it is a recording or its sidecar';
    if (opts.isMedia(abs)) return 'it is a media file';
    return null;
  };
}

/**
 * Earshot's record of the transcript files it wrote (the `written_files` table: path, SHA-256, size, input, job),
 * and the one way transcripts are written: never over a file Earshot did not write, or one changed since, unless the
 * caller asks to overwrite; never over a protected path at all. A set of outputs that cannot all go to their names
 * goes, all of it, to the first free numbered names beside them (talk.1.txt, talk.1.srt, …), with a note saying so.
 */
export class WrittenFiles {
  constructor(
    private readonly db: Database.Database,
    private readonly isProtected: ProtectedCheck,
    private readonly now: () => number = Date.now,
  ) {}

  private row(file: string): Row | null {
    const raw = this.db.prepare('SELECT path, sha256, size, source_path, job_id FROM written_files WHERE path = ?').get(file);
    const parsed = Row.safeParse(raw);
    return parsed.success ? parsed.data : null;
  }

  /** What is at `file` now, for `writer` (see TargetState). */
  async state(file: string, writer: Writer): Promise<TargetState> {
    const abs = path.resolve(file);
    const row = this.row(abs);
    let stat;
    try {
      stat = await fs.lstat(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const why = this.isProtected(abs, { recorded: false, exists: false });
        return why ? { state: 'blocked', why } : { state: 'missing' };
      }
      return { state: 'blocked', why: `it cannot be checked (${code ?? (err as Error).message})` };
    }
    if (stat.isDirectory()) return { state: 'blocked', why: 'it is a folder' };
    if (!stat.isFile() && !stat.isSymbolicLink()) return { state: 'blocked', why: 'it is not a regular file' };
    const ours = row !== null && stat.isFile() && row.source_path === path.resolve(writer.sourcePath) && row.size === stat.size
      && sha256(await fs.readFile(abs)) === row.sha256;
    const why = this.isProtected(abs, { recorded: ours, exists: true });
    if (why) return { state: 'blocked', why };
    if (ours) return { state: 'ours' };
    if (row === null) return { state: 'foreign', why: 'Earshot did not write it' };
    return { state: 'foreign', why: row.source_path === path.resolve(writer.sourcePath) ? 'it changed since Earshot wrote it' : `Earshot wrote it for another input (${row.source_path})` };
  }

  /** Records that `file` now holds `content`, written for `writer`. */
  record(file: string, content: string, writer: Writer): void {
    this.db
      .prepare(
        `INSERT INTO written_files (path, sha256, size, source_path, job_id, written_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, source_path = excluded.source_path,
           job_id = excluded.job_id, written_at = excluded.written_at`,
      )
      .run(path.resolve(file), sha256(content), Buffer.byteLength(content), path.resolve(writer.sourcePath), writer.jobId, this.now());
  }

  /** Files recorded for job `jobId` (its outputs and exports), absolute paths. */
  ofJob(jobId: string): string[] {
    return (this.db.prepare('SELECT path FROM written_files WHERE job_id = ? ORDER BY path').all(jobId) as Array<{ path: string }>).map((r) => r.path);
  }

  /**
   * Removes those of `files` that still hold what Earshot wrote there for input `sourcePath` (a file changed since,
   * or replaced by another, is kept) and forgets them. Returns what was removed and what was kept.
   */
  async removeUnchanged(files: readonly string[], sourcePath: string): Promise<{ removed: string[]; kept: string[] }> {
    const removed: string[] = [];
    const kept: string[] = [];
    for (const file of files) {
      const { state } = await this.state(file, { jobId: null, sourcePath });
      if (state === 'ours') {
        await fs.rm(file, { force: true });
        this.db.prepare('DELETE FROM written_files WHERE path = ?').run(file);
        removed.push(file);
      } else if (state !== 'missing') {
        kept.push(file);
      }
    }
    return { removed, kept };
  }

  /**
   * Writes a set of transcript files for `writer` (a job's formats, or one export) and records them. Each goes to its
   * own path when that is missing or ours (or foreign, with `overwrite`); otherwise the whole set moves to the first
   * numbered names where every one of them may be written (talk.1.txt, talk.1.srt, …). Returns the paths written, in
   * the order given, and one note per target that was kept, naming where its transcript went instead.
   * Throws IO_ERROR naming the file when writing fails or no numbered name is free.
   */
  async writeSet(targets: ReadonlyArray<{ path: string; content: string }>, writer: Writer, opts: { overwrite: boolean }): Promise<{ paths: string[]; notes: string[] }> {
    const first = await Promise.all(targets.map((t) => this.state(t.path, writer)));
    for (let n = 0; n <= MAX_SUFFIX; n++) {
      const names = targets.map((t) => (n === 0 ? path.resolve(t.path) : numberedPath(path.resolve(t.path), n)));
      const states = n === 0 ? first : await Promise.all(names.map((p) => this.state(p, writer)));
      const usable = (s: TargetState) => s.state === 'missing' || s.state === 'ours' || (opts.overwrite && s.state === 'foreign');
      if (!states.every(usable)) continue;
      let lostRace = false;
      for (const [i, name] of names.entries()) {
        const { content } = targets[i]!;
        if (states[i]!.state === 'missing') {
          if (!(await writeFileExclusive(name, content))) {
            lostRace = true; // created meanwhile by someone else: try this set's names again (that one is foreign now)
            break;
          }
        } else {
          await writeFileAtomic(name, content);
        }
        this.record(name, content, writer);
      }
      if (lostRace) {
        n--;
        first.splice(0, first.length, ...(await Promise.all(targets.map((t) => this.state(t.path, writer)))));
        continue;
      }
      const notes: string[] = [];
      for (const [i, s] of first.entries()) {
        if (s.state === 'foreign' && opts.overwrite) notes.push(`${names[i]}: replaced (${s.why}; --overwrite)`);
        else if (s.state === 'foreign' || s.state === 'blocked') {
          const hint = s.state === 'foreign' ? '; --overwrite replaces it' : '';
          notes.push(`${path.resolve(targets[i]!.path)} was kept (${s.why}): the transcript went to ${names[i]}${hint}`);
        }
      }
      return { paths: names, notes };
    }
    throw new EarshotError('IO_ERROR', `${path.resolve(targets[0]?.path ?? '.')}: no free name for the transcript (tried ${MAX_SUFFIX} numbered names beside it)`);
  }
}
