import type Database from 'better-sqlite3';
import { z } from 'zod';
import { EarshotError } from '../../shared/errors.js';
import { Word } from '../../shared/jobs.js';
import { wordsJson } from './words-json.js';

/**
 * A segment as the history stores it (the `segments` row, camel-cased). `words`: whisper's words, null when it has
 * none (history written before Earshot kept words has no field at all: read as null).
 */
const SegmentSnapshot = z.object({
  id: z.number().int().positive(),
  t0Ms: z.number().int().nonnegative(),
  t1Ms: z.number().int().nonnegative(),
  text: z.string(),
  original: z.string().nullable(),
  words: z.array(Word).nullish().transform((w) => w ?? null),
});
type SegmentSnapshot = z.infer<typeof SegmentSnapshot>;
/** A segment about to be written: `id` null for a new one (a split's second half). */
type NewSegment = Omit<SegmentSnapshot, 'id'> & { id: number | null };

const Snapshots = z.string().transform((s) => JSON.parse(s) as unknown).pipe(z.array(SegmentSnapshot));

/** What kind of change a history entry records. */
export type EditKind = 'edit' | 'revert' | 'split' | 'merge';

interface EditRow {
  seq: number;
  start_idx: number;
  before_json: string;
  after_json: string;
}

/**
 * Versioned editing of a job's segments in SQLite. Every change replaces a contiguous run of segments starting at
 * position `start` (`before`) with another (`after`): an edit or a revert replaces one segment by itself changed,
 * a split one by two, a merge two by one; the positions after the run shift. The change is recorded in
 * `transcript_edits` with both runs, so undo replaces `after` by `before` and redo the other way round; ids are
 * kept both ways (AUTOINCREMENT never hands an undone split's id to another segment). A new change drops whatever
 * was undone (the redo side). Each change is one IMMEDIATE transaction that first checks the job is not running, so
 * a change never interleaves with a window being committed. The FTS triggers (migration 0004) keep search in step.
 */
export class TranscriptEditor {
  constructor(private readonly db: Database.Database, private readonly now: () => number = Date.now) {}

  /** Whether the job has a change to undo and one to redo. */
  history(jobId: string): { canUndo: boolean; canRedo: boolean } {
    const r = this.db
      .prepare('SELECT SUM(undone = 0) AS undo, SUM(undone = 1) AS redo FROM transcript_edits WHERE job_id = ?')
      .get(jobId) as { undo: number | null; redo: number | null };
    return { canUndo: (r.undo ?? 0) > 0, canRedo: (r.redo ?? 0) > 0 };
  }

  /**
   * Sets segment `segmentId`'s text. Whisper's text is kept as `original` the first time; text equal (trimmed) to the
   * original makes the segment unedited again. No change, no history entry. Throws NOT_FOUND, INVALID_STATE (running).
   */
  edit(jobId: string, segmentId: number, text: string): void {
    this.change(jobId, 'edit', (seg) => {
      const original = seg.original ?? seg.text;
      const next = text.trim() === original.trim() ? { ...seg, text: original, original: null } : { ...seg, text, original };
      return next.text === seg.text && next.original === seg.original ? null : { before: [seg], after: [next] };
    }, segmentId);
  }

  /** Puts whisper's text back into one segment (no-op when it is unedited). Throws NOT_FOUND, INVALID_STATE. */
  revert(jobId: string, segmentId: number): void {
    this.change(jobId, 'revert', (seg) => (seg.original === null ? null : { before: [seg], after: [{ ...seg, text: seg.original, original: null }] }), segmentId);
  }

  /**
   * Splits a segment at character `at` of its text (0 < at < length) and time `atMs` (default: the start of the word
   * at `at` when the segment has whisper's words and is unedited, else proportional to `at`; must be strictly between
   * its t0 and t1). whisper's words go to the half their start falls in. The first part keeps the id. When the segment was edited, whisper's
   * original is split at the word boundary nearest the same proportion, so each half can still be reverted.
   * Throws BAD_REQUEST for an offset or time outside the segment, NOT_FOUND, INVALID_STATE.
   */
  split(jobId: string, segmentId: number, at: number, atMs?: number): void {
    this.change(jobId, 'split', (seg) => {
      if (at <= 0 || at >= seg.text.length) {
        throw new EarshotError('BAD_REQUEST', `split offset ${at} is outside segment ${segmentId}'s text (1..${seg.text.length - 1})`);
      }
      const time = atMs ?? wordTimeAt(seg, at) ?? Math.round(seg.t0Ms + ((seg.t1Ms - seg.t0Ms) * at) / seg.text.length);
      if (!(time > seg.t0Ms && time < seg.t1Ms)) {
        throw new EarshotError('BAD_REQUEST', `split time ${time} ms is not inside segment ${segmentId} (${seg.t0Ms}..${seg.t1Ms} ms, exclusive)`);
      }
      let originals: [string | null, string | null] = [null, null];
      if (seg.original !== null) {
        const cut = nearestSpace(seg.original, Math.round((seg.original.length * at) / seg.text.length));
        originals = [seg.original.slice(0, cut), seg.original.slice(cut)];
      }
      // whisper's words go to the half their start falls in.
      const words: [Word[] | null, Word[] | null] = seg.words
        ? [seg.words.filter((w) => w.t0Ms < time).map((w) => ({ ...w, t1Ms: Math.min(w.t1Ms, time) })), seg.words.filter((w) => w.t0Ms >= time)]
        : [null, null];
      const first: NewSegment = { ...seg, t1Ms: time, text: seg.text.slice(0, at), original: originals[0], words: words[0] };
      const second: NewSegment = { id: null, t0Ms: time, t1Ms: seg.t1Ms, text: seg.text.slice(at), original: originals[1], words: words[1] };
      return { before: [seg], after: [first, second] };
    }, segmentId);
  }

  /**
   * Merges a segment with the next one: the first's id, from the first's t0 to the second's t1, texts joined with one
   * space (whisper's originals joined likewise when either was edited). Throws BAD_REQUEST for the last segment.
   */
  merge(jobId: string, segmentId: number): void {
    this.change(jobId, 'merge', (seg, next) => {
      if (!next) throw new EarshotError('BAD_REQUEST', `segment ${segmentId} is the last one: there is nothing after it to merge with`);
      const join = (a: string, b: string) => `${a.trimEnd()} ${b.trimStart()}`;
      const edited = seg.original !== null || next.original !== null;
      const merged: NewSegment = {
        id: seg.id,
        t0Ms: Math.min(seg.t0Ms, next.t0Ms),
        t1Ms: Math.max(seg.t1Ms, next.t1Ms),
        text: join(seg.text, next.text),
        original: edited ? join(seg.original ?? seg.text, next.original ?? next.text) : null,
        words: seg.words || next.words ? [...(seg.words ?? []), ...(next.words ?? [])] : null,
      };
      return { before: [seg, next], after: [merged] };
    }, segmentId);
  }

  /** Undoes the latest change. Throws INVALID_STATE when there is none (or the job is running). */
  undo(jobId: string): void {
    this.db.transaction(() => {
      this.requireEditable(jobId);
      const row = this.db
        .prepare('SELECT seq, start_idx, before_json, after_json FROM transcript_edits WHERE job_id = ? AND undone = 0 ORDER BY seq DESC LIMIT 1')
        .get(jobId) as EditRow | undefined;
      if (!row) throw new EarshotError('INVALID_STATE', `job ${jobId} has no change to undo`);
      this.replace(jobId, row.start_idx, Snapshots.parse(row.after_json), Snapshots.parse(row.before_json));
      this.db.prepare('UPDATE transcript_edits SET undone = 1 WHERE job_id = ? AND seq = ?').run(jobId, row.seq);
    }).immediate();
  }

  /** Redoes the change undone last. Throws INVALID_STATE when there is none (or the job is running). */
  redo(jobId: string): void {
    this.db.transaction(() => {
      this.requireEditable(jobId);
      const row = this.db
        .prepare('SELECT seq, start_idx, before_json, after_json FROM transcript_edits WHERE job_id = ? AND undone = 1 ORDER BY seq ASC LIMIT 1')
        .get(jobId) as EditRow | undefined;
      if (!row) throw new EarshotError('INVALID_STATE', `job ${jobId} has no undone change to redo`);
      this.replace(jobId, row.start_idx, Snapshots.parse(row.before_json), Snapshots.parse(row.after_json));
      this.db.prepare('UPDATE transcript_edits SET undone = 0 WHERE job_id = ? AND seq = ?').run(jobId, row.seq);
    }).immediate();
  }

  /**
   * One recorded change: finds the segment (and the one after it), lets `make` say what replaces them (null: nothing
   * to do), applies it, drops the redo side and appends the change to the history.
   */
  private change(
    jobId: string,
    kind: EditKind,
    make: (seg: SegmentSnapshot, next: SegmentSnapshot | undefined) => { before: SegmentSnapshot[]; after: NewSegment[] } | null,
    segmentId: number,
  ): void {
    this.db.transaction(() => {
      this.requireEditable(jobId);
      const row = this.db.prepare('SELECT idx FROM segments WHERE job_id = ? AND id = ?').get(jobId, segmentId) as { idx: number } | undefined;
      if (!row) throw new EarshotError('NOT_FOUND', `job ${jobId} has no segment with id ${segmentId}`);
      const [seg, next] = this.run(jobId, row.idx, 2);
      const planned = make(seg!, next);
      if (!planned) return;
      const after = this.replace(jobId, row.idx, planned.before, planned.after);
      this.db.prepare('DELETE FROM transcript_edits WHERE job_id = ? AND undone = 1').run(jobId);
      this.db
        .prepare(
          `INSERT INTO transcript_edits (job_id, seq, kind, start_idx, before_json, after_json, created_at)
           VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM transcript_edits WHERE job_id = ?), ?, ?, ?, ?, ?)`,
        )
        .run(jobId, jobId, kind, row.idx, JSON.stringify(planned.before), JSON.stringify(after), this.now());
    }).immediate();
  }

  /** Up to `n` segments from position `start`, in order. */
  private run(jobId: string, start: number, n: number): SegmentSnapshot[] {
    return (this.db
      .prepare('SELECT id, t0_ms, t1_ms, text, original_text, words_json FROM segments WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?')
      .all(jobId, start, n) as Array<{ id: number; t0_ms: number; t1_ms: number; text: string; original_text: string | null; words_json: string | null }>)
      .map((r) => SegmentSnapshot.parse({
        id: r.id,
        t0Ms: r.t0_ms,
        t1Ms: r.t1_ms,
        text: r.text,
        original: r.original_text,
        words: r.words_json === null ? null : (JSON.parse(r.words_json) as unknown),
      }));
  }

  /**
   * Replaces the run `remove` (which must be what is stored from position `start` on, or INVALID_STATE: the history no
   * longer matches the transcript) by `insert`, shifting the positions after it. Returns `insert` with its ids.
   */
  private replace(jobId: string, start: number, remove: readonly SegmentSnapshot[], insert: readonly NewSegment[]): SegmentSnapshot[] {
    const current = this.run(jobId, start, remove.length);
    if (current.length !== remove.length || current.some((s, i) => s.id !== remove[i]!.id)) {
      throw new EarshotError('INVALID_STATE', `job ${jobId}: the transcript no longer matches its edit history at segment ${start}`);
    }
    const del = this.db.prepare('DELETE FROM segments WHERE id = ?');
    for (const s of remove) del.run(s.id);
    const delta = insert.length - remove.length;
    if (delta !== 0) {
      // Two steps through negative positions, so UNIQUE (job_id, idx) never sees two rows at one position.
      this.db.prepare('UPDATE segments SET idx = -(idx + ?) - 1 WHERE job_id = ? AND idx >= ?').run(delta, jobId, start + remove.length);
      this.db.prepare('UPDATE segments SET idx = -idx - 1 WHERE job_id = ? AND idx < 0').run(jobId);
    }
    const add = this.db.prepare('INSERT INTO segments (id, job_id, idx, t0_ms, t1_ms, text, original_text, words_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    return insert.map((s, i) => {
      const info = add.run(s.id, jobId, start + i, s.t0Ms, s.t1Ms, s.text, s.original, wordsJson(s.words));
      return { ...s, id: s.id ?? Number(info.lastInsertRowid) };
    });
  }

  private requireEditable(jobId: string): void {
    const job = this.db.prepare('SELECT status FROM jobs WHERE id = ?').get(jobId) as { status: string } | undefined;
    if (!job) throw new EarshotError('NOT_FOUND', `no job with id ${jobId}`);
    if (job.status === 'running') throw new EarshotError('INVALID_STATE', `job ${jobId} is running; edit its transcript once it has finished`);
  }
}

/** The index of the space in `text` nearest to `at` (a word boundary), or `at` itself when there is none. */
function nearestSpace(text: string, at: number): number {
  for (let d = 0; d < text.length; d++) {
    if (text[at - d] === ' ') return at - d;
    if (text[at + d] === ' ') return at + d;
  }
  return Math.max(0, Math.min(text.length, at));
}


/**
 * The start (ms) of the word whisper timed at character `at` of an unedited segment's text (its words' texts
 * concatenated are the segment's text), or null when the segment was edited, has no words, or the time is not
 * strictly inside the segment.
 */
function wordTimeAt(seg: SegmentSnapshot, at: number): number | null {
  if (seg.original !== null || !seg.words?.length) return null;
  let pos = 0;
  for (const w of seg.words) {
    const start = pos + (w.text.length - w.text.trimStart().length);
    pos += w.text.length;
    if (at <= start || at < pos) return w.t0Ms > seg.t0Ms && w.t0Ms < seg.t1Ms ? w.t0Ms : null;
  }
  return null;
}
