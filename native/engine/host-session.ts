import { EarshotError } from '../../electron/shared/errors.js';
import type { HostChannel, HostExit, HostLauncher } from './launcher.js';
import type { Logger } from '../_utils/logger.js';
import { FromHost, parseMessage, type HostConfig, type ToHost } from './messages.js';

/** Messages a session hands up to EngineHost (its own `ready` and `pong` it handles itself). */
export type SessionMessage = Exclude<FromHost, { type: 'ready' } | { type: 'pong' }>;

/** Why EngineHost itself ended a host process, if it did. */
export type KillReason = 'stop' | 'unresponsive' | 'start-timeout';

export interface SessionTimings {
  pingIntervalMs: number;
  pingTimeoutMs: number;
  startTimeoutMs: number;
}

const OUTPUT_KEEP = 20;

/**
 * One engine host process, from launch to exit: sends `init` and resolves `whenReady` on the host's `ready`,
 * pings it every `pingIntervalMs` once ready and kills it (reason 'unresponsive') when no pong came for
 * `pingTimeoutMs`, kills it (reason 'start-timeout') if it is not ready within `startTimeoutMs`, and keeps
 * its last lines of output for crash reports. `whenReady` rejects with ENGINE_CRASHED if the process exits first.
 */
export class HostSession {
  readonly channel: HostChannel;
  ready = false;
  killedFor: KillReason | null = null;
  readonly output: string[] = [];
  readonly whenReady: Promise<HostSession>;
  /** Resolves with the exit, after onExit has run. */
  readonly exited: Promise<HostExit>;
  private lastPongAt = Date.now();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    launcher: HostLauncher,
    config: HostConfig,
    private readonly timings: SessionTimings,
    private readonly log: Logger,
    handlers: { onMessage: (msg: SessionMessage) => void; onReady: () => void; onExit: (exit: HostExit) => void },
  ) {
    this.channel = launcher.launch();
    let markReady!: (s: HostSession) => void;
    let failReady!: (e: EarshotError) => void;
    let markExited!: (exit: HostExit) => void;
    this.whenReady = new Promise<HostSession>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.whenReady.catch(() => undefined); // every caller observes it; never an unhandled rejection
    this.exited = new Promise<HostExit>((resolve) => {
      markExited = resolve;
    });

    this.channel.onOutput((line, stream) => {
      this.output.push(line);
      if (this.output.length > OUTPUT_KEEP) this.output.shift();
      this.log.debug({ hostPid: this.channel.pid, stream, line }, 'engine host output');
    });
    this.channel.onMessage((raw) => {
      const msg = parseMessage(FromHost, raw, (why) => this.log.warn({ hostPid: this.channel.pid, why }, 'dropped a malformed engine message'));
      if (!msg) return;
      if (msg.type === 'pong') {
        this.lastPongAt = Date.now();
      } else if (msg.type === 'ready') {
        this.ready = true;
        this.lastPongAt = Date.now();
        this.startPings();
        markReady(this);
        handlers.onReady();
      } else {
        handlers.onMessage(msg);
      }
    });
    this.channel.onExit((exit) => {
      for (const t of this.timers) clearTimeout(t);
      if (!this.ready) failReady(new EarshotError('ENGINE_CRASHED', `engine host could not start: ${this.describeExit(exit)}`));
      handlers.onExit(exit);
      markExited(exit);
    });

    const startTimer = setTimeout(() => {
      if (!this.ready) this.kill('start-timeout');
    }, timings.startTimeoutMs);
    startTimer.unref();
    this.timers.push(startTimer);
    this.send({ type: 'init', seq: 0, config });
  }

  get pid(): number | null {
    return this.channel.pid;
  }

  /** Sends a message; false if the channel is already closed (the exit callback follows). */
  send(msg: ToHost): boolean {
    try {
      this.channel.send(msg);
      return true;
    } catch {
      return false;
    }
  }

  /** Kills the process at once, remembering why (the exit callback follows). */
  kill(reason: KillReason): void {
    this.killedFor ??= reason;
    this.channel.kill();
  }

  /** "pid 123 killed by SIGKILL; last output: …", for error messages. */
  describeExit(exit: HostExit): string {
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
    const tail = this.output.slice(-3).join(' | ');
    return `pid ${this.channel.pid ?? '?'} ${how}${tail ? `; last output: ${tail}` : ''}`;
  }

  private startPings(): void {
    let lastTick = Date.now();
    let pingSeq = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      // If this process itself was blocked (a long synchronous task), the silence is ours, not the host's.
      if (now - lastTick > this.timings.pingIntervalMs * 2) this.lastPongAt = now;
      lastTick = now;
      if (now - this.lastPongAt > this.timings.pingTimeoutMs) {
        this.log.warn({ hostPid: this.channel.pid, silentMs: now - this.lastPongAt }, 'engine host stopped answering; killing it');
        clearInterval(timer);
        this.kill('unresponsive');
        return;
      }
      this.send({ type: 'ping', seq: ++pingSeq });
    }, this.timings.pingIntervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
