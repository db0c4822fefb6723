import { EventEmitter } from 'node:events';
import type { RequestInput, RequestOutput, TranscriptState } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import type { Job, OutputFormat, Segment } from '../../shared/jobs.js';
import type { CallContext } from '../_utils/call-context.js';
import { cueLayout, renderTranscript } from './formats.js';
import { type ConvertToWav, type JobAudio, jobAudio } from './job-audio.js';
import type { TranscriptEditor } from './transcript-editor.js';
import { transcriptMeta } from './write-outputs.js';
import type { WrittenFiles } from './written-files.js';

/** Where transcripts are read from: the job store (jobs/job-store.ts) satisfies it. */
export interface TranscriptSource {
  /** The job; throws EarshotError NOT_FOUND for an unknown id. */
  require(id: string): Job;
  /** Its committed segments, in time order (t0/t1 in ms), text as edited. */
  segments(id: string): Segment[];
  /** Sets the job's title (null: its file name); answers the job. Throws NOT_FOUND. */
  setTitle(id: string, title: string | null): Job;
}

/** MIME types of the transcript formats (SubRip has no registered type; application/x-subrip is the common one). */
export const TRANSCRIPT_MIME: Record<OutputFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Events of the transcripts feature: `changed` after every edit (the contract's `transcript.changed`), `job` after a retitle. */
export interface TranscriptsEvents {
  changed: [{ jobId: string }];
  job: [Job];
}

/**
 * The `transcripts` feature: a job's transcript rendered in one of the output formats (TXT, SRT, VTT, JSON; see
 * formats.ts), returned or written to a file the caller names, always with the text as edited; and the editor's
 * verbs: open, edit, revert, split, merge, undo, redo (versioned in SQLite by TranscriptEditor) and the title.
 * Exports go through `files` (written-files.ts): never over a file Earshot did not write unless asked, never over an
 * input, an upload, a recording or its sidecar, a media file or Earshot's own files.
 * Throws NOT_FOUND for an unknown job or segment, BAD_REQUEST for an export target that is a folder or may never be
 * written or a split outside the segment, INVALID_STATE for an edit of a running job or an undo/redo with nothing to
 * act on, FORBIDDEN for a target outside what the caller's path guard allows.
 */
export class TranscriptsService extends EventEmitter<TranscriptsEvents> {
  /**
   * `files`: the record of what Earshot wrote; `workDir`: where jobs keep their converted WAV
   * (`<workDir>/<jobId>/audio.wav`); `convert`: makes a playable WAV of a source a browser cannot play (native/audio's
   * convertToWav).
   */
  constructor(
    private readonly source: TranscriptSource,
    private readonly files: WrittenFiles,
    private readonly editor: TranscriptEditor,
    private readonly workDir: string,
    private readonly convert: ConvertToWav,
  ) {
    super();
  }

  /**
   * The file that plays job `id`'s audio (see job-audio.ts: the converted WAV, else a browser-playable source the
   * caller's guard may read, else a WAV converted from it for playback). Not a contract channel: the transports
   * stream it with HTTP Range (GET /api/jobs/:id/audio in `earshot serve` and on the Electron app protocol).
   * Throws NOT_FOUND, FORBIDDEN, or the conversion's error.
   */
  audio(id: string, ctx: CallContext): Promise<JobAudio> {
    return jobAudio(this.source.require(id), this.workDir, (p) => ctx.guard.readable(p), this.convert);
  }

  /** `transcripts.get`: the rendered text and its MIME type. */
  async get({ id, format }: RequestInput<'transcripts.get'>): Promise<RequestOutput<'transcripts.get'>> {
    return { format, content: this.render(id, format), mimeType: TRANSCRIPT_MIME[format] };
  }

  /**
   * `transcripts.export`: writes the transcript to `path` atomically and answers the absolute path written. When a
   * file is there that Earshot did not write for this job's input (or that changed since), it is kept and the export
   * goes beside it with a numbered suffix (talk.1.txt), unless `overwrite`.
   */
  async export({ id, format, path: target, overwrite = false }: RequestInput<'transcripts.export'>, ctx: CallContext): Promise<RequestOutput<'transcripts.export'>> {
    const file = ctx.guard.writable(target);
    const job = this.source.require(id);
    const writer = { jobId: job.id, sourcePath: job.sourcePath };
    const now = await this.files.state(file, writer);
    if (now.state === 'blocked') {
      const hint = now.why === 'it is a folder' ? '; give the path of the file to write' : '; choose another name';
      throw new EarshotError('BAD_REQUEST', `${file}: will not export over it: ${now.why}${hint}`);
    }
    const { paths } = await this.files.writeSet([{ path: file, content: this.render(id, format) }], writer, { overwrite });
    return { path: paths[0]! };
  }

  /** `transcripts.open`: the job, its segments and whether undo/redo can act. */
  async open({ jobId }: RequestInput<'transcripts.open'>): Promise<RequestOutput<'transcripts.open'>> {
    return { job: this.source.require(jobId), ...this.state(jobId) };
  }

  /** `transcripts.editSegment` */
  async editSegment({ jobId, segmentId, text }: RequestInput<'transcripts.editSegment'>): Promise<TranscriptState> {
    return this.changed(jobId, () => this.editor.edit(jobId, segmentId, text));
  }

  /** `transcripts.revertSegment` */
  async revertSegment({ jobId, segmentId }: RequestInput<'transcripts.revertSegment'>): Promise<TranscriptState> {
    return this.changed(jobId, () => this.editor.revert(jobId, segmentId));
  }

  /** `transcripts.splitSegment` */
  async splitSegment({ jobId, segmentId, at, atMs }: RequestInput<'transcripts.splitSegment'>): Promise<TranscriptState> {
    return this.changed(jobId, () => this.editor.split(jobId, segmentId, at, atMs));
  }

  /** `transcripts.mergeSegments` */
  async mergeSegments({ jobId, segmentId }: RequestInput<'transcripts.mergeSegments'>): Promise<TranscriptState> {
    return this.changed(jobId, () => this.editor.merge(jobId, segmentId));
  }

  /** `transcripts.undo` */
  async undo({ jobId }: RequestInput<'transcripts.undo'>): Promise<TranscriptState> {
    return this.changed(jobId, () => this.editor.undo(jobId));
  }

  /** `transcripts.redo` */
  async redo({ jobId }: RequestInput<'transcripts.redo'>): Promise<TranscriptState> {
    return this.changed(jobId, () => this.editor.redo(jobId));
  }

  /** `transcripts.setTitle`: the library's title; empty goes back to the file name. Emits the job as changed. */
  async setTitle({ jobId, title }: RequestInput<'transcripts.setTitle'>): Promise<RequestOutput<'transcripts.setTitle'>> {
    const job = this.source.setTitle(jobId, title.trim() === '' ? null : title.trim());
    this.emit('job', job);
    return job;
  }

  private changed(jobId: string, act: () => void): TranscriptState {
    act();
    this.emit('changed', { jobId });
    return this.state(jobId);
  }

  private state(jobId: string): TranscriptState {
    this.source.require(jobId);
    return { jobId, segments: this.source.segments(jobId), ...this.editor.history(jobId) };
  }

  private render(id: string, format: OutputFormat): string {
    const job = this.source.require(id);
    return renderTranscript(format, this.source.segments(id), transcriptMeta(job), cueLayout(job.params));
  }
}
