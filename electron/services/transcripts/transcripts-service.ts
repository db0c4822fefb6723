import type { RequestInput, RequestOutput } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import type { Job, OutputFormat, Segment } from '../../shared/jobs.js';
import type { CallContext } from '../_utils/call-context.js';
import { renderTranscript } from './formats.js';
import { transcriptMeta } from './write-outputs.js';
import type { WrittenFiles } from './written-files.js';

/** Where transcripts are read from: the job store (jobs/job-store.ts) satisfies it. */
export interface TranscriptSource {
  /** The job; throws EarshotError NOT_FOUND for an unknown id. */
  require(id: string): Job;
  /** Its committed segments, in time order (t0/t1 in ms). */
  segments(id: string): Segment[];
}

/** MIME types of the transcript formats (SubRip has no registered type; application/x-subrip is the common one). */
export const TRANSCRIPT_MIME: Record<OutputFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * The `transcripts` feature: a job's transcript rendered in one of the output formats (TXT, SRT, VTT, JSON; see
 * formats.ts), returned or written to a file the caller names. Exports go through `files` (written-files.ts): never
 * over a file Earshot did not write unless asked, never over an input, an upload, a recording or its sidecar, a
 * media file or Earshot's own files. Throws NOT_FOUND for an unknown job, BAD_REQUEST for an export target that is a
 * folder or may never be written, FORBIDDEN for a target outside what the caller's path guard allows.
 */
export class TranscriptsService {
  constructor(
    private readonly source: TranscriptSource,
    private readonly files: WrittenFiles,
  ) {}

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

  private render(id: string, format: OutputFormat): string {
    const job = this.source.require(id);
    return renderTranscript(format, this.source.segments(id), transcriptMeta(job));
  }
}
