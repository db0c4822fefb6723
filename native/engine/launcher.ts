import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolveEntry } from '../entry.js';
import type { ToHost } from './messages.js';

/** How an engine host process ended. `signal` is e.g. "SIGKILL" for kill -9 or an OOM kill. */
export interface HostExit {
  code: number | null;
  signal: string | null;
}

/**
 * A running engine host process as EngineHost sees it. Node's child_process.fork implements it here (ForkLauncher);
 * Electron's utilityProcess.fork maps onto it one to one (postMessage, 'message', 'exit', kill, pid).
 */
export interface HostChannel {
  /** OS process id; null if the process failed to start. */
  readonly pid: number | null;
  /** Sends one message; throws if the channel is closed (the exit callback follows). */
  send(message: ToHost): void;
  onMessage(fn: (raw: unknown) => void): void;
  /** Called once, when the process has exited (after its output has been read). */
  onExit(fn: (exit: HostExit) => void): void;
  /** Each line the process writes to stdout or stderr (whisper.cpp and crash reports write there). */
  onOutput(fn: (line: string, stream: 'stdout' | 'stderr') => void): void;
  /** Kills the process at once (SIGKILL): for a host that stopped answering, or after a shutdown grace period. */
  kill(): void;
  /** Whether this process alone may keep the parent's event loop alive (ref) or not (unref, when idle). */
  setRef(ref: boolean): void;
}

/** Starts engine host processes. */
export interface HostLauncher {
  launch(): HostChannel;
}

/** After 'exit', wait at most this long for the pipes to drain before reporting the exit. */
const OUTPUT_DRAIN_MS = 300;

/**
 * Launches `native/engine/host-process` (.js when built, .ts through tsx in development; see native/entry.ts)
 * with child_process.fork: an IPC channel for messages, stdout/stderr piped and read line by line.
 */
export class ForkLauncher implements HostLauncher {
  constructor(private readonly opts: { env?: NodeJS.ProcessEnv } = {}) {}

  launch(): HostChannel {
    const entry = resolveEntry(import.meta.url, 'host-process');
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      // Without an environment of its own the child inherits this process's.
      env: this.opts.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    return new ForkChannel(child);
  }
}

/**
 * Reads a host process's stdout and stderr line by line and hands each line to every function in `fns` (read at
 * each line, so functions added later get later lines). Shared by the fork and the Electron utilityProcess channels.
 */
export function forwardOutputLines(
  child: { stdout?: NodeJS.ReadableStream | null; stderr?: NodeJS.ReadableStream | null },
  fns: ReadonlyArray<(line: string, stream: 'stdout' | 'stderr') => void>,
): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const readable = child[stream];
    if (!readable) continue;
    createInterface({ input: readable, crlfDelay: Infinity }).on('line', (line) => {
      for (const fn of fns) fn(line, stream);
    });
  }
}

class ForkChannel implements HostChannel {
  private readonly outputFns: Array<(line: string, stream: 'stdout' | 'stderr') => void> = [];
  private exitReported = false;

  constructor(private readonly child: ChildProcess) {
    forwardOutputLines(child, this.outputFns);
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  send(message: ToHost): void {
    this.child.send(message);
  }

  onMessage(fn: (raw: unknown) => void): void {
    this.child.on('message', (raw: unknown) => fn(raw));
  }

  onExit(fn: (exit: HostExit) => void): void {
    const report = (exit: HostExit) => {
      if (this.exitReported) return;
      this.exitReported = true;
      fn(exit);
    };
    this.child.on('exit', (code, signal) => {
      const exit = { code, signal };
      const timer = setTimeout(() => report(exit), OUTPUT_DRAIN_MS);
      this.child.once('close', () => {
        clearTimeout(timer);
        report(exit);
      });
    });
    // Failed to spawn at all (no 'exit' follows).
    this.child.on('error', (err) => {
      if (this.child.pid === undefined) report({ code: null, signal: `spawn failed: ${err.message}` });
    });
  }

  onOutput(fn: (line: string, stream: 'stdout' | 'stderr') => void): void {
    this.outputFns.push(fn);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  setRef(ref: boolean): void {
    const channel = this.child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    const streams = [this.child.stdout, this.child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null>;
    if (ref) {
      this.child.ref();
      channel?.ref?.();
      for (const s of streams) s?.ref?.();
    } else {
      this.child.unref();
      channel?.unref?.();
      for (const s of streams) s?.unref?.();
    }
  }
}
