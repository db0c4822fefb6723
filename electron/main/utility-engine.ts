import path from 'node:path';
import { type UtilityProcess, utilityProcess } from 'electron';
import { forwardOutputLines, type HostChannel, type HostExit, type HostLauncher, type ToHost } from '../services/engine-launch.js';

/**
 * native/engine's HostLauncher on Electron's utilityProcess (GUIDE §4): the engine host runs as a Chromium utility
 * process, so a whisper.cpp crash takes down that process, never the window or main. Messages go through
 * postMessage / `process.parentPort` (host-process.ts speaks both), output is piped and read line by line.
 */
export class UtilityProcessLauncher implements HostLauncher {
  /** `entry`: the bundled host entry, out/main/host-process.js. */
  constructor(private readonly entry: string) {}

  launch(): HostChannel {
    const child = utilityProcess.fork(this.entry, [], { serviceName: 'Earshot engine', stdio: 'pipe' });
    return new UtilityChannel(child);
  }
}

class UtilityChannel implements HostChannel {
  private readonly outputFns: Array<(line: string, stream: 'stdout' | 'stderr') => void> = [];
  private exited = false;

  constructor(private readonly child: UtilityProcess) {
    forwardOutputLines(child, this.outputFns);
    child.once('exit', () => {
      this.exited = true;
    });
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  send(message: ToHost): void {
    if (this.exited) throw new Error('engine host process has exited');
    this.child.postMessage(message);
  }

  onMessage(fn: (raw: unknown) => void): void {
    this.child.on('message', (raw: unknown) => fn(raw));
  }

  onExit(fn: (exit: HostExit) => void): void {
    // utilityProcess reports only an exit code; a crash shows as a non-zero code.
    this.child.once('exit', (code: number) => fn({ code, signal: null }));
  }

  onOutput(fn: (line: string, stream: 'stdout' | 'stderr') => void): void {
    this.outputFns.push(fn);
  }

  kill(): void {
    this.child.kill();
  }

  setRef(_ref: boolean): void {
    // A utility process never keeps Electron's main process alive on its own; the app's lifetime is the window's.
  }
}

/** The engine host launcher of the desktop app: `mainDir` is out/main, where the host entry is bundled. */
export function createUtilityLauncher(mainDir: string): HostLauncher {
  return new UtilityProcessLauncher(path.join(mainDir, 'host-process.js'));
}
