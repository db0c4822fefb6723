// Entry of the engine host process (child_process.fork under Node; Electron's utilityProcess in the app).
// It owns the worker threads that run whisper.cpp, so a native crash takes down this process, not its parent.
// The main thread only routes messages and answers pings, so it stays responsive while whisper computes.
import { EarshotError } from '../../electron/shared/errors.js';
import { ToHost, parseMessage, toWireError, type FromHost } from './messages.js';
import { WorkerPool } from './worker-pool.js';

/** The parent link: Node's IPC channel (process.send) or Electron utilityProcess's `process.parentPort`. */
interface ParentLink {
  send(msg: FromHost): void;
  onMessage(fn: (raw: unknown) => void): void;
}

interface ElectronParentPort {
  on(event: 'message', fn: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function parentLink(): ParentLink {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      send: (msg) => electronPort.postMessage(msg),
      onMessage: (fn) => electronPort.on('message', (e) => fn(e.data)),
    };
  }
  if (!process.send) throw new Error('native/engine/host-process.ts must be started with an IPC channel (fork)');
  return {
    send: (msg) => {
      if (process.connected) process.send!(msg);
    },
    onMessage: (fn) => process.on('message', (raw: unknown) => fn(raw)),
  };
}

const link = parentLink();
let pool: WorkerPool | null = null;

const log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) =>
  link.send({ type: 'log', level, msg, data: { host: process.pid, ...data } });

// The parent went away (it crashed or exited without stop()): nobody is left to answer to.
process.on('disconnect', () => process.exit(0));
// Ctrl-C in a terminal signals the whole process group: the parent decides (it hands its jobs back and stops this
// host); a host that died of it first would look like an engine crash and count against the job.
process.on('SIGINT', () => log('info', 'SIGINT ignored; the parent process stops the engine host'));
process.on('uncaughtException', (err) => {
  log('error', 'engine host crashed', { err: err.message, stack: err.stack });
  process.exit(70);
});

link.onMessage((raw) => {
  const msg = parseMessage(ToHost, raw, (why) => log('warn', 'dropped a malformed message from the parent', { why }));
  if (!msg) return;
  switch (msg.type) {
    case 'init': {
      if (pool) return;
      const created = new WorkerPool(msg.config, (out) => link.send(out));
      pool = created;
      created.start().then(
        () => link.send({ type: 'ready', seq: msg.seq, pid: process.pid }),
        (err: unknown) => {
          log('error', 'worker threads failed to start', { err: String(err) });
          process.exit(71);
        },
      );
      return;
    }
    case 'transcribe':
      if (!pool) {
        const error = toWireError(new EarshotError('INTERNAL', 'engine host got work before init'));
        link.send({ type: 'error', seq: msg.seq, error });
        return;
      }
      pool.submit(msg.seq, msg.request);
      return;
    case 'cancel':
      pool?.cancel(msg.seq);
      return;
    case 'ping':
      link.send({ type: 'pong', seq: msg.seq });
      return;
    case 'shutdown':
      void (pool ? pool.stop() : Promise.resolve()).finally(() => process.exit(0));
      return;
    default: {
      const never: never = msg;
      log('warn', 'unhandled message', { msg: never });
    }
  }
});
