import { EventEmitter } from 'node:events';
import { EarshotError } from '../../electron/shared/errors.js';
import { CpuAddonChoice, defaultAddonBuildDir } from './addon.js';
import { backendPreference } from './backend.js';
import { HostSession, type SessionMessage, type SessionTimings } from './host-session.js';
import { ForkLauncher, type HostExit, type HostLauncher } from './launcher.js';
import { createLogger, type Logger } from '../_utils/logger.js';
import { readCpuTopology, threadPlan, type CpuTopology } from './threads.js';
import { fromWireError, type AudioContextMode, type HostConfig, type LogLevel } from './messages.js';
import {
  TranscribeWindowRequest,
  type Engine,
  type TranscribeCallbacks,
  type TranscribeHandle,
  type TranscribeWindowResult,
} from './types.js';

export interface EngineHostOptions {
  /** Worker threads in the host, i.e. windows transcribed at once (default 1). */
  workers?: number;
  /** whisper.cpp threads per worker (default: the physical cores split between the workers, see threadPlan). */
  threadsPerWorker?: number;
  /** The machine's cores, for the default thread count (default readCpuTopology(); tests hand one in). */
  topology?: CpuTopology;
  /**
   * CPU build of whisper.cpp: 'auto' (default) = the one compiled at install (native/addon/build.mjs) when it
   * loads, else the prebuilt package with the reason logged and put on each job; 'compiled' = only the
   * compiled one (fail otherwise); 'prebuilt' = the prebuilt package (slow; for comparisons and tests).
   */
  cpuAddon?: CpuAddonChoice;
  /** Folder of the compiled builds (default: the first native/addon/build above this module). */
  addonBuildDir?: string | null;
  /** 'auto' | 'cpu' | 'cuda' | 'vulkan'; default 'auto' (CUDA > Vulkan > CPU). */
  backend?: string;
  /** The environment host processes start with (the configuration's childEnv); default: they inherit this process's. */
  env?: Readonly<Record<string, string>>;
  /** Starts host processes (default: child_process.fork of native/engine/host-process). */
  launcher?: HostLauncher;
  logger?: Logger;
  /** Liveness ping period, ms (default 1000). */
  pingIntervalMs?: number;
  /** A host that answers no ping for this long is killed; its windows fail with ENGINE_TIMEOUT, ms (default 4000). */
  pingTimeoutMs?: number;
  /** A host not ready after this long is killed, ms (default 60 000: a cold tsx start on a busy machine is slow). */
  startTimeoutMs?: number;
  /** stop() waits this long for a clean exit before SIGKILL, ms (default 3000). */
  stopTimeoutMs?: number;
  /** A window with no progress from whisper for this long fails with ENGINE_TIMEOUT, ms (default 10 min). */
  stallTimeoutMs?: number;
  /** Encoder context of windows under 30 s (default 'sized'; see audio-context.ts). */
  audioContext?: AudioContextMode;
}

/** Emitted as 'crash' when a host process dies or is killed for not answering (not on stop()). */
export interface EngineCrash {
  pid: number | null;
  code: number | null;
  signal: string | null;
  reason: 'exited' | 'unresponsive' | 'start-timeout';
  /** Windows that were in flight and were rejected. */
  inFlight: number;
  /** The host's last lines of output (whisper.cpp aborts print their reason there). */
  lastOutput: string[];
}

interface Pending {
  session: HostSession | null;
  resolve: (r: TranscribeWindowResult) => void;
  reject: (e: EarshotError) => void;
  callbacks: TranscribeCallbacks;
  jobId: string;
}

/**
 * The host's environment. The addon runs each whisper pass as a N-API AsyncWorker, i.e. on libuv's threadpool
 * (4 threads by default, shared by all worker threads of the process), where the workers' file reads also run;
 * a pass holds its thread for the whole window, and on the prebuilt build a cancelled pass keeps computing while
 * the next one waits for the context's lock (the compiled build aborts it). So the pool gets two threads per worker
 * plus the default four, unless set already.
 */
function hostEnv(workers: number, env: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv | undefined {
  if (!env) return undefined;
  return { ...env, UV_THREADPOOL_SIZE: env.UV_THREADPOOL_SIZE ?? String(workers * 2 + 4) };
}

function logLevelOf(logger: Logger): LogLevel {
  const level = logger.level;
  if (level === 'trace' || level === 'debug') return 'debug';
  if (level === 'info') return 'info';
  if (level === 'warn') return 'warn';
  return 'error';
}

/**
 * The engine as the job manager uses it (implements Engine): a child process (the engine host) that runs
 * whisper.cpp in a pool of worker threads, so a native crash or an out-of-memory kill takes down the host,
 * never the caller.
 *
 * - start() launches the host and resolves once its workers are up; transcribe() before start() starts it too.
 * - transcribe() sends one window; progress and segments stream back through the callbacks; the promise
 *   resolves with the window's segments in ms from the start of the file.
 * - A host that exits (crash, kill -9, OOM) rejects every window in flight with ENGINE_CRASHED as soon as its
 *   exit is seen; one that answers no ping for `pingTimeoutMs` is killed and its windows reject with
 *   ENGINE_TIMEOUT. Either way 'crash' is emitted and, if the host had started fine, a new one is launched at
 *   once (`restarts` counts them; otherwise the next transcribe() launches it).
 * - stop() asks the host to exit (SIGKILL after `stopTimeoutMs`); windows still in flight reject with
 *   ENGINE_CRASHED (recoverable: a stopped job resumes from its last committed window).
 *
 * Events: 'ready' ({ pid }), 'crash' (EngineCrash).
 */
export class EngineHost extends EventEmitter implements Engine {
  private readonly launcher: HostLauncher;
  private readonly log: Logger;
  private readonly config: HostConfig;
  private readonly timings: SessionTimings;
  private readonly stopTimeoutMs: number;
  private session: HostSession | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private launches = 0;
  private running = false;

  constructor(opts: EngineHostOptions = {}) {
    super();
    const workers = Math.max(1, Math.floor(opts.workers ?? 1));
    this.launcher = opts.launcher ?? new ForkLauncher({ env: hostEnv(workers, opts.env) });
    this.log = opts.logger ?? createLogger('engine-host');
    this.config = {
      workers,
      threadsPerWorker: threadPlan(opts.topology ?? readCpuTopology(), workers, opts.threadsPerWorker).threadsPerWorker,
      backend: backendPreference(opts.backend),
      cpuAddon: CpuAddonChoice.parse(opts.cpuAddon ?? 'auto'),
      addonBuildDir: opts.addonBuildDir === undefined ? defaultAddonBuildDir() : opts.addonBuildDir,
      logLevel: logLevelOf(this.log),
      stallTimeoutMs: opts.stallTimeoutMs ?? 10 * 60_000,
      audioContext: opts.audioContext ?? 'sized',
    };
    this.timings = {
      pingIntervalMs: opts.pingIntervalMs ?? 1000,
      pingTimeoutMs: opts.pingTimeoutMs ?? 4000,
      startTimeoutMs: opts.startTimeoutMs ?? 60_000,
    };
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 3000;
  }

  /** OS pid of the current host process, or null while none runs. */
  get hostPid(): number | null {
    return this.session?.pid ?? null;
  }

  /** Host processes launched after the first one (after crashes, hangs or a stop/start). */
  get restarts(): number {
    return Math.max(0, this.launches - 1);
  }

  /** Launches the host if none runs and resolves when it is ready. Rejects with ENGINE_CRASHED if it cannot start. */
  async start(): Promise<void> {
    this.running = true;
    await this.ensureSession();
  }

  /** Stops the host; in-flight windows reject with ENGINE_CRASHED. Safe to call twice; start() works again after. */
  async stop(): Promise<void> {
    this.running = false;
    for (const seq of [...this.pending.keys()]) {
      this.settle(seq, (p) => p.reject(new EarshotError('ENGINE_CRASHED', 'engine stopped before this window finished')));
    }
    const s = this.session;
    if (!s) return;
    s.killedFor = 'stop';
    this.updateRef();
    s.send({ type: 'shutdown', seq: 0 });
    const killTimer = setTimeout(() => s.kill('stop'), this.stopTimeoutMs);
    await s.exited;
    clearTimeout(killTimer);
  }

  transcribe(req: TranscribeWindowRequest, callbacks: TranscribeCallbacks = {}): TranscribeHandle {
    const seq = ++this.seq;
    const promise = new Promise<TranscribeWindowResult>((resolve, reject) => {
      this.pending.set(seq, { session: null, resolve, reject, callbacks, jobId: req.jobId });
    });
    // A caller that cancels and drops the handle must not get an unhandled rejection; awaiting still rejects.
    promise.catch(() => undefined);
    this.updateRef();
    const parsed = TranscribeWindowRequest.safeParse(req);
    if (!parsed.success) {
      this.settle(seq, (p) => p.reject(new EarshotError('INTERNAL', `invalid transcribe request: ${parsed.error.message}`)));
    } else {
      this.ensureSession().then(
        (s) => {
          const p = this.pending.get(seq);
          if (!p) return; // cancelled while the host started
          if (this.session !== s) {
            this.settle(seq, (q) => q.reject(new EarshotError('ENGINE_CRASHED', 'engine host exited before the window was sent')));
            return;
          }
          p.session = s;
          if (!s.send({ type: 'transcribe', seq, request: parsed.data })) {
            this.settle(seq, (q) => q.reject(new EarshotError('ENGINE_CRASHED', 'could not reach the engine host')));
          }
        },
        (err: unknown) => this.settle(seq, (p) => p.reject(EarshotError.from(err, 'ENGINE_CRASHED'))),
      );
    }
    const cancel = () => {
      const p = this.pending.get(seq);
      if (!p) return;
      if (p.session && this.session === p.session) p.session.send({ type: 'cancel', seq });
      this.settle(seq, (q) => q.reject(new EarshotError('CANCELLED', `${req.audioPath}: transcription cancelled`)));
    };
    return { promise, cancel };
  }

  private ensureSession(): Promise<HostSession> {
    return (this.session ?? this.launch()).whenReady;
  }

  private launch(): HostSession {
    this.launches++;
    const s: HostSession = new HostSession(this.launcher, this.config, this.timings, this.log, {
      onMessage: (msg) => this.onMessage(s, msg),
      onReady: () => {
        this.log.info({ hostPid: s.pid, ...this.config }, 'engine host ready');
        this.updateRef();
        this.emit('ready', { pid: s.pid });
      },
      onExit: (exit) => {
        if (this.session === s) this.session = null;
        this.onExit(s, exit);
      },
    });
    this.session = s;
    this.updateRef();
    return s;
  }

  private onMessage(s: HostSession, msg: SessionMessage): void {
    switch (msg.type) {
      case 'progress':
        this.callback(msg.seq, (p) => p.callbacks.onProgress?.(msg.fraction));
        return;
      case 'segments':
        this.callback(msg.seq, (p) => p.callbacks.onSegments?.(msg.segments));
        return;
      case 'done':
        this.settle(msg.seq, (p) => {
          this.log.debug({ jobId: p.jobId, elapsedMs: msg.result.elapsedMs, backend: msg.result.backend }, 'window done');
          p.resolve(msg.result);
        });
        return;
      case 'error':
        this.settle(msg.seq, (p) => p.reject(fromWireError(msg.error)));
        return;
      case 'log':
        this.log[msg.level]({ hostPid: s.pid, ...msg.data }, msg.msg);
        return;
      default: {
        const never: never = msg;
        this.log.warn({ msg: never }, 'unhandled engine message');
      }
    }
  }

  private onExit(s: HostSession, exit: HostExit): void {
    const mine = [...this.pending.entries()].filter(([, p]) => p.session === s);
    if (s.killedFor === 'stop') {
      this.log.info({ hostPid: s.pid }, 'engine host stopped');
    } else {
      const error =
        s.killedFor === 'unresponsive'
          ? new EarshotError('ENGINE_TIMEOUT', `engine host (pid ${s.pid}) answered no ping for ${this.timings.pingTimeoutMs} ms and was killed`)
          : new EarshotError('ENGINE_CRASHED', `engine host died: ${s.describeExit(exit)}`);
      for (const [seq] of mine) this.settle(seq, (p) => p.reject(error));
      const crash: EngineCrash = {
        pid: s.pid,
        code: exit.code,
        signal: exit.signal,
        reason: s.killedFor === 'unresponsive' ? 'unresponsive' : s.killedFor === 'start-timeout' ? 'start-timeout' : 'exited',
        inFlight: mine.length,
        lastOutput: [...s.output],
      };
      this.log.error({ ...crash, pid: undefined, hostPid: crash.pid }, 'engine host crashed');
      this.emit('crash', crash);
      // Relaunch at once if it had been healthy; a host that cannot even start is retried on the next request.
      if (this.running && s.ready && !this.session) {
        this.launch().whenReady.catch((err: unknown) => this.log.error({ err: String(err) }, 'engine host restart failed'));
      }
    }
    this.updateRef();
  }

  private callback(seq: number, fn: (p: Pending) => void): void {
    const p = this.pending.get(seq);
    if (!p) return;
    try {
      fn(p);
    } catch (err) {
      this.log.warn({ jobId: p.jobId, err: String(err) }, 'a transcribe callback threw');
    }
  }

  private settle(seq: number, fn: (p: Pending) => void): void {
    const p = this.pending.get(seq);
    if (!p) return;
    this.pending.delete(seq);
    fn(p);
    this.updateRef();
  }

  /**
   * An idle host must not keep the caller's process alive (a CLI exits when its work is done); a starting or
   * stopping one, or one with windows in flight, must (someone awaits it).
   */
  private updateRef(): void {
    const s = this.session;
    if (s) s.channel.setRef(this.pending.size > 0 || !s.ready || s.killedFor === 'stop');
  }
}
