import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CallContext } from '../_utils/call-context.js';
import type { JobParamsChoice, RecordingInfo, RequestInput, RequestOutput } from '../../shared/contract.js';
import { EarshotError } from '../../shared/errors.js';
import type { Job } from '../../shared/jobs.js';
import { createLogger } from '../_utils/logger.js';
import { finaliseRecording } from '../../../native/audio/index.js';
import {
  LEGACY_SIDECAR_NAME,
  type RecordingMeta,
  SIDECAR_NAME,
  extensionFor,
  migrateLegacySidecar,
  readMeta,
  recordingFiles,
  sidecarPath,
  toInfo,
  writeMeta,
} from './recording-meta.js';

/** Turns a finished recording file into a job with the parameters the user chose (JobsService.enqueueRecording). */
export type EnqueueRecording = (file: string, params: JobParamsChoice, ctx: CallContext) => Promise<Job>;

export interface RecordingsServiceOptions {
  /** Folder of recordings (`dataPaths(dataDir).recordings`); created by recoverUnfinished() and start(). */
  dir: string;
  /** Turns a stopped recording into a job (JobsService.enqueueRecording in the composition root). */
  enqueue: EnqueueRecording;
  /**
   * An active recording that has had no chunk for this long is treated as abandoned by listUnfinished()
   * (a page reloaded or a renderer crashed while the main side lived on). Default 5000 ms: MediaRecorder
   * sends a chunk every second or so.
   */
  idleMs?: number;
  now?: () => number;
}

interface Active {
  meta: RecordingMeta;
  nextSeq: number;
  bytes: number;
  lastChunkAt: number;
  /** Who started it (a WebSocket connection, the Electron window); releaseOwner() finalises its recordings. */
  owner: string | null;
}

/**
 * The recorder's sink on the main side (seed 002, "a crash loses at most the last second"). The renderer's
 * MediaRecorder chunks arrive numbered and are appended to `<dir>/<id>.<ext>` and fsync'd one by one, in order;
 * a JSON sidecar records the recording's state. On stop the file is finalised (remuxed, see finaliseRecording) and
 * becomes a job with sourceKind 'recording'. A recording whose page or process went away is finalised on the
 * next start (recoverUnfinished) or when its owner disconnects, and is listed for the UI to offer for transcription.
 *
 * Operations on one recording run one after another (a promise chain per id), so a stop waits for the chunks before it.
 * Call recoverUnfinished() once at start-up and close() at shutdown.
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class RecordingsService {
  private readonly opts: Required<RecordingsServiceOptions>;
  private readonly active = new Map<string, Active>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly log = createLogger('recordings');

  constructor(options: RecordingsServiceOptions) {
    this.opts = { idleMs: 5000, now: Date.now, ...options };
  }

  /**
   * Starts a recording of `mimeType` (a MediaRecorder type such as `audio/webm;codecs=opus`): writes the sidecar,
   * then an empty audio file. The caller's `clientId` owns it (releaseOwner). Throws BAD_REQUEST for a type it cannot
   * store, IO_ERROR naming the file.
   */
  async start({ mimeType }: RequestInput<'recordings.start'>, ctx: Pick<CallContext, 'clientId'> = { clientId: null }): Promise<RecordingInfo> {
    const owner = ctx.clientId;
    const ext = extensionFor(mimeType);
    const meta: RecordingMeta = { id: randomUUID(), mimeType, ext, startedAt: this.opts.now(), state: 'recording', jobId: null, bytes: 0 };
    await fs.mkdir(this.opts.dir, { recursive: true });
    await writeMeta(this.opts.dir, meta);
    const { audio } = recordingFiles(this.opts.dir, meta);
    await fs.writeFile(audio, new Uint8Array(0), { flag: 'wx' }).catch((err: unknown) => {
      throw new EarshotError('IO_ERROR', `${audio}: cannot create the recording (${(err as Error).message})`, { cause: err });
    });
    this.active.set(meta.id, { meta, nextSeq: 0, bytes: 0, lastChunkAt: this.opts.now(), owner });
    this.log.info({ recordingId: meta.id, mimeType, owner }, 'recording started');
    return toInfo(this.opts.dir, meta);
  }

  /**
   * Appends chunk `seq` (0, 1, 2, …) of recording `id` and fsyncs it before answering, so an acknowledged chunk is on
   * disk. Returns the file's size in bytes. Throws BAD_REQUEST for a duplicate or missing chunk (`seq` not the next
   * one), INVALID_STATE when `id` is not being recorded (stopped, or finalised after an interruption), NOT_FOUND for
   * an unknown id, IO_ERROR naming the file. `chunkBase64` that is not base64 is BAD_REQUEST.
   */
  append({ id, seq, chunkBase64 }: RequestInput<'recordings.append'>): Promise<RequestOutput<'recordings.append'>> {
    if (!BASE64.test(chunkBase64) || chunkBase64.length % 4 !== 0) {
      return Promise.reject(new EarshotError('BAD_REQUEST', `recording ${id}: chunk ${seq} is not base64`));
    }
    const chunk = Buffer.from(chunkBase64, 'base64');
    return this.serial(id, async () => {
      const rec = await this.requireActive(id);
      if (seq !== rec.nextSeq) {
        throw new EarshotError('BAD_REQUEST', `recording ${id}: expected chunk ${rec.nextSeq}, got chunk ${seq} (chunks must arrive once, in order)`);
      }
      const { audio } = recordingFiles(this.opts.dir, rec.meta);
      try {
        const handle = await fs.open(audio, 'a');
        try {
          await handle.write(chunk);
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (err) {
        throw new EarshotError('IO_ERROR', `${audio}: cannot append chunk ${seq} (${(err as Error).message})`, { cause: err });
      }
      rec.nextSeq += 1;
      rec.bytes += chunk.byteLength;
      rec.lastChunkAt = this.opts.now();
      return { bytes: rec.bytes };
    });
  }

  /**
   * Stops recording `id` (active, or recovered after an interruption), finalises the file and enqueues it as a job
   * with `params` (defaults filled in by the jobs service). Throws FILE_EMPTY (and removes the recording) when no
   * audio arrived, INVALID_STATE when it was stopped already, NOT_FOUND for an unknown id.
   */
  stop({ id, params = {} }: RequestInput<'recordings.stop'>, ctx: CallContext): Promise<RequestOutput<'recordings.stop'>> {
    return this.serial(id, async () => {
      const meta = this.active.get(id)?.meta ?? (await this.readKnown(id));
      if (meta.state === 'stopped') throw new EarshotError('INVALID_STATE', `recording ${id} was stopped already (job ${meta.jobId ?? '?'})`);
      this.active.delete(id);
      const { audio } = recordingFiles(this.opts.dir, meta);
      const bytes = await this.finalise(meta);
      if (bytes === 0) throw new EarshotError('FILE_EMPTY', `${audio}: the recording has no audio (0 bytes); it was removed`);
      const job = await this.opts.enqueue(audio, params, ctx);
      await writeMeta(this.opts.dir, { ...meta, state: 'stopped', jobId: job.id, bytes });
      this.log.info({ recordingId: id, jobId: job.id, bytes }, 'recording stopped and queued');
      return { job };
    });
  }

  /** Finalises every active recording started by `owner` (its connection closed or its page reloaded); they become `recovered`. */
  async releaseOwner(owner: string): Promise<void> {
    const ids = [...this.active.values()].filter((r) => r.owner === owner).map((r) => r.meta.id);
    await Promise.all(ids.map((id) => this.abandon(id)));
  }

  /**
   * Recordings waiting to be transcribed: those recovered after an interruption, plus active ones idle for longer
   * than `idleMs` (finalised now). Oldest first.
   */
  async listUnfinished(): Promise<RecordingInfo[]> {
    const now = this.opts.now();
    const idle = [...this.active.values()].filter((r) => now - r.lastChunkAt > this.opts.idleMs).map((r) => r.meta.id);
    await Promise.all(idle.map((id) => this.abandon(id)));
    return this.scan();
  }

  /**
   * Finalises the recordings a previous run left in state `recording` (the process died mid-recording): each file is
   * remuxed so its container is valid, an empty one is removed. Returns every recovered recording, oldest first.
   * A sidecar that does not parse is logged and left alone.
   */
  async recoverUnfinished(): Promise<RecordingInfo[]> {
    await fs.mkdir(this.opts.dir, { recursive: true });
    return this.scan();
  }

  /** Finalises active recordings (they become `recovered`) and waits for pending operations: a clean shutdown leaves nothing torn. */
  async close(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.abandon(id)));
    await Promise.all([...this.chains.values()].map((p) => p.catch(() => undefined)));
  }

  private async scan(): Promise<RecordingInfo[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.opts.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    for (const name of names.filter((n) => LEGACY_SIDECAR_NAME.test(n))) {
      if (await migrateLegacySidecar(this.opts.dir, name)) this.log.info({ name }, 'moved a recording sidecar to its own name (<id>.meta.json)');
    }
    names = await fs.readdir(this.opts.dir);
    const out: RecordingInfo[] = [];
    for (const name of names.filter((n) => SIDECAR_NAME.test(n))) {
      const read = await readMeta(path.join(this.opts.dir, name));
      if ('problem' in read) {
        this.log.warn({ problem: read.problem }, 'skipped a recording sidecar that does not parse');
        continue;
      }
      const { meta } = read;
      if (this.active.has(meta.id)) continue;
      if (meta.state === 'recording') {
        this.log.warn({ recordingId: meta.id }, 'recording left unfinished by an earlier run; finalising it');
        const bytes = await this.serial(meta.id, () => this.finaliseAsRecovered(meta));
        if (bytes > 0) out.push(toInfo(this.opts.dir, { ...meta, state: 'recovered', bytes }));
      } else if (meta.state === 'recovered') {
        out.push(toInfo(this.opts.dir, meta));
      }
    }
    return out.sort((a, b) => a.startedAt - b.startedAt);
  }

  private abandon(id: string): Promise<unknown> {
    return this.serial(id, async () => {
      const rec = this.active.get(id);
      if (!rec) return;
      this.active.delete(id);
      this.log.warn({ recordingId: id, bytes: rec.bytes, owner: rec.owner }, 'recording abandoned mid-way; finalising it');
      await this.finaliseAsRecovered(rec.meta);
    });
  }

  /** Finalises a recording left mid-way and marks it `recovered`; removes it when empty. Returns its size. */
  private async finaliseAsRecovered(meta: RecordingMeta): Promise<number> {
    const bytes = await this.finalise(meta);
    if (bytes > 0) await writeMeta(this.opts.dir, { ...meta, state: 'recovered', bytes });
    return bytes;
  }

  /** Remuxes the audio file; removes the recording (both files) when it is empty. Returns the final size. */
  private async finalise(meta: RecordingMeta): Promise<number> {
    const files = recordingFiles(this.opts.dir, meta);
    const size = (await fs.stat(files.audio).catch(() => null))?.size ?? 0;
    if (size === 0) {
      await Promise.all([fs.rm(files.audio, { force: true }), fs.rm(files.sidecar, { force: true })]);
      this.log.warn({ recordingId: meta.id }, 'removed an empty recording');
      return 0;
    }
    const result = await finaliseRecording(files.audio);
    if (!result.ok) this.log.warn({ recordingId: meta.id, reason: result.reason }, 'could not remux the recording; keeping the raw file');
    return (await fs.stat(files.audio)).size;
  }

  private async requireActive(id: string): Promise<Active> {
    const rec = this.active.get(id);
    if (rec) return rec;
    const meta = await this.readKnown(id);
    throw new EarshotError('INVALID_STATE', `recording ${id} is ${meta.state === 'stopped' ? 'stopped' : 'no longer recording (it was finalised after an interruption)'}`);
  }

  private async readKnown(id: string): Promise<RecordingMeta> {
    const read = await readMeta(sidecarPath(this.opts.dir, id));
    if ('problem' in read) throw new EarshotError('NOT_FOUND', `no recording with id ${id}`);
    return read.meta;
  }

  /** Runs `fn` after every earlier operation on recording `id` (whatever their outcome). */
  private serial<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.chains.set(id, next);
    void next.finally(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    }).catch(() => undefined);
    return next;
  }
}
