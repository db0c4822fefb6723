import type { Worker } from 'node:worker_threads';
import { EarshotError } from '../../electron/shared/errors.js';
import { startWorkerThread } from '../entry.js';
import {
  FromWorker,
  levelPasses,
  parseMessage,
  toWireError,
  type BackendChoice,
  type FromHost,
  type HostConfig,
  type LogLevel,
  type ToWorker,
} from './messages.js';
import type { TranscribeWindowRequest } from './types.js';

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  /** Request running on this worker (the host's seq), or null when idle. */
  seq: number | null;
  /** Model this worker has (or is loading) in its whisper context. */
  modelPath: string | null;
  probing: boolean;
}

/**
 * The host process's pool of worker threads (entry native/engine/worker.ts), each with one whisper context.
 * Requests queue FIFO and go to an idle worker, preferring one that already holds the request's model. Until a
 * worker has probed the backend (CUDA > Vulkan > CPU), only one request runs; the others then load the chosen
 * build directly. A worker that dies is replaced; its request fails with ENGINE_CRASHED.
 * Everything for the parent goes out through `send`.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Array<{ seq: number; request: TranscribeWindowRequest }> = [];
  private choice: BackendChoice | null = null;
  private stopping = false;

  constructor(
    private readonly config: HostConfig,
    private readonly send: (msg: FromHost) => void,
  ) {}

  /** Spawns the workers and resolves when every one has answered `init`. */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.config.workers }, (_, i) => this.spawn(i)));
  }

  /** Queues a window; its progress, segments and done/error go to the parent under `seq`. */
  submit(seq: number, request: TranscribeWindowRequest): void {
    this.queue.push({ seq, request });
    this.dispatch();
  }

  /** Cancels a queued window at once, or asks its worker to stop it (the worker answers CANCELLED). */
  cancel(seq: number): void {
    const queued = this.queue.findIndex((q) => q.seq === seq);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.send({ type: 'error', seq, error: toWireError(new EarshotError('CANCELLED', 'transcription cancelled before it started')) });
      return;
    }
    const slot = this.slots.find((s) => s.seq === seq);
    if (slot) this.post(slot, { type: 'cancel', seq });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private log(level: LogLevel, msg: string, data?: Record<string, unknown>): void {
    if (levelPasses(level, this.config.logLevel)) this.send({ type: 'log', level, msg, data });
  }

  private post(slot: Slot, msg: ToWorker): void {
    slot.worker.postMessage(msg);
  }

  private spawn(index: number): Promise<void> {
    const worker = startWorkerThread(import.meta.url, 'worker');
    const slot: Slot = { index, worker, ready: false, seq: null, modelPath: null, probing: false };
    this.slots[index] = slot;
    return new Promise((resolve, reject) => {
      worker.on('message', (raw: unknown) => {
        const msg = parseMessage(FromWorker, raw, (why) => this.log('warn', 'dropped a malformed worker message', { worker: index, why }));
        if (!msg) return;
        if (msg.type === 'ready') {
          slot.ready = true;
          resolve();
          this.dispatch();
          return;
        }
        this.onWorkerMessage(slot, msg);
      });
      worker.on('error', (err) => {
        this.log('error', 'worker thread failed', { worker: index, err: err.message, stack: err.stack });
        if (!slot.ready) reject(err);
      });
      worker.on('exit', (code) => this.onWorkerExit(slot, code));
      this.post(slot, {
        type: 'init',
        config: {
          workerIndex: index,
          threads: this.config.threadsPerWorker,
          backend: this.config.backend,
          cpuAddon: this.config.cpuAddon,
          addonBuildDir: this.config.addonBuildDir,
          logLevel: this.config.logLevel,
          stallTimeoutMs: this.config.stallTimeoutMs,
          audioContext: this.config.audioContext,
        },
      });
    });
  }

  private onWorkerMessage(slot: Slot, msg: Exclude<FromWorker, { type: 'ready' }>): void {
    switch (msg.type) {
      case 'backend':
        this.choice = msg.choice;
        slot.probing = false;
        // The prebuilt CPU build is an order of magnitude slower: say so where people look (warn, not info).
        this.log(msg.choice.cpu?.kind === 'prebuilt' ? 'warn' : 'info', `backend chosen: ${msg.choice.detail}`, { worker: slot.index, ...msg.choice });
        this.dispatch();
        return;
      case 'progress':
      case 'segments':
      case 'log':
        this.send(msg);
        return;
      case 'done':
      case 'error':
        this.send(msg);
        if (slot.seq === msg.seq) {
          slot.seq = null;
          slot.probing = false;
          // A failed load leaves the context in doubt; let the next request pick any worker.
          if (msg.type === 'error') slot.modelPath = null;
        }
        this.dispatch();
        return;
      default: {
        const never: never = msg;
        this.log('warn', 'unhandled worker message', { msg: never });
      }
    }
  }

  private onWorkerExit(slot: Slot, code: number): void {
    if (this.stopping || this.slots[slot.index] !== slot) return;
    this.log('error', 'worker thread exited; replacing it', { worker: slot.index, code });
    if (slot.seq !== null) {
      const error = new EarshotError('ENGINE_CRASHED', `engine worker thread ${slot.index} exited (code ${code}) during the window`);
      this.send({ type: 'error', seq: slot.seq, error: toWireError(error) });
    }
    this.spawn(slot.index).catch((err: unknown) => this.log('error', 'could not replace a worker thread', { worker: slot.index, err: String(err) }));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.filter((s) => s.ready && s.seq === null);
      if (idle.length === 0) return;
      if (this.choice === null && this.slots.some((s) => s.probing)) return; // one probe at a time
      const next = this.queue[0]!;
      const slot = idle.find((s) => s.modelPath === next.request.modelPath) ?? idle[0]!;
      this.queue.shift();
      slot.seq = next.seq;
      slot.modelPath = next.request.modelPath;
      slot.probing = this.choice === null;
      this.post(slot, { type: 'transcribe', seq: next.seq, request: next.request, backend: this.choice });
    }
  }
}
