import type { RecordingInfo } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { type EarshotClient, type ParamsChoice, ClientError, toClientError } from '../../api/client.js';
import type { z } from 'zod';

/** MediaRecorder timeslice: one chunk a second, so a crash loses at most the last second (issue: Recorder). */
export const CHUNK_MS = 1000;
/** Attempts per chunk before the session gives up (the main side keeps what arrived; see recording.listUnfinished). */
const APPEND_ATTEMPTS = 3;

/** Container/codec choices in order of preference; the first the browser supports is used. */
const MIME_CANDIDATES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];

/** The first supported recording MIME type, or '' to let the browser choose. */
export function pickMimeType(isSupported: (t: string) => boolean = (t) => MediaRecorder.isTypeSupported(t)): string {
  return MIME_CANDIDATES.find((t) => isSupported(t)) ?? '';
}

/** Bytes -> base64, in slices so a large chunk never overflows the argument limit of String.fromCharCode. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const SLICE = 0x8000;
  for (let i = 0; i < bytes.length; i += SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(binary);
}

type Requester = Pick<EarshotClient, 'request'>;

/**
 * One recording: a MediaRecorder on `stream` whose chunks (every CHUNK_MS) go to the main side as they arrive
 * (`recording.start`, then `recording.append` with base64 and a gap-free `seq`, in order), and `recording.stop` turns
 * the file into a job. Chunks are sent strictly one after another; a failed append is retried, then reported via
 * `onError` (the recording stays on disk as unfinished and is offered again on the next start-up).
 */
export class RecordingSession {
  private recorder: MediaRecorder | null = null;
  private info: z.infer<typeof RecordingInfo> | null = null;
  private seq = 0;
  private sending: Promise<void> = Promise.resolve();
  private failed: ClientError | null = null;

  constructor(
    private readonly client: Requester,
    private readonly stream: MediaStream,
    private readonly onError: (err: ClientError) => void,
  ) {}

  /** The recording id once started. */
  get id(): string | null {
    return this.info?.id ?? null;
  }

  /** Opens the recording on the main side and starts the MediaRecorder. Rejects with a ClientError. */
  async start(): Promise<void> {
    const mimeType = pickMimeType();
    const recorder = new MediaRecorder(this.stream, mimeType ? { mimeType } : undefined);
    this.info = await this.client.request('recordings.start', { mimeType: recorder.mimeType || mimeType || 'audio/webm' });
    recorder.addEventListener('dataavailable', (ev: BlobEvent) => {
      if (ev.data.size > 0) this.enqueue(ev.data);
    });
    this.recorder = recorder;
    recorder.start(CHUNK_MS);
  }

  pause(): void {
    if (this.recorder?.state === 'recording') this.recorder.pause();
  }

  resume(): void {
    if (this.recorder?.state === 'paused') this.recorder.resume();
  }

  /**
   * Stops the recorder, waits for its last chunk and for every append, then asks the main side to finish the file
   * and enqueue it with `params`. Resolves with the new job; rejects with the first ClientError seen.
   */
  async stop(params: ParamsChoice): Promise<Job> {
    const recorder = this.recorder;
    const info = this.info;
    if (!recorder || !info) throw new ClientError('INVALID_STATE', 'The recording has not started.');
    if (recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.stop();
      });
    }
    this.releaseTracks();
    await this.sending;
    if (this.failed) throw this.failed;
    const { job } = await this.client.request('recordings.stop', { id: info.id, params });
    return job;
  }

  /** Stops capturing without finishing the recording (it stays unfinished on the main side). */
  abort(): void {
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    this.releaseTracks();
  }

  private releaseTracks(): void {
    this.stream.getTracks().forEach((t) => t.stop());
  }

  private enqueue(blob: Blob): void {
    const seq = this.seq++;
    this.sending = this.sending.then(() => this.append(seq, blob));
  }

  private async append(seq: number, blob: Blob): Promise<void> {
    const info = this.info;
    if (!info || this.failed) return;
    const chunkBase64 = bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
    let lastError: ClientError | null = null;
    for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
      try {
        await this.client.request('recordings.append', { id: info.id, seq, chunkBase64 });
        return;
      } catch (err) {
        lastError = toClientError(err);
        // Only a lost connection is worth another try; a refused chunk (gap, unknown id, mismatch) will not improve.
        if (lastError.code !== 'IO_ERROR') break;
        await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
      }
    }
    this.failed = lastError;
    if (lastError) this.onError(lastError);
  }
}
