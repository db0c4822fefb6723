import { startCli } from '../../helpers/cli.js';

export interface ServeHandle {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Everything the server wrote so far (for failure messages). */
  output(): string;
  /** SIGTERM, then waits for the process to exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

const READY = /Earshot serving on (http:\/\/\S+)/;

/**
 * Starts the real `earshot serve` (the CLI from source) on 127.0.0.1 and a free port with `--data-dir`, `--model`
 * and `--ui`, and resolves once it prints its "Earshot serving on URL" line. Rejects with the server's output when it
 * exits first or is not ready within `timeoutMs` (default 90 s).
 */
export function startServe(opts: { dataDir: string; model: string; ui: string; timeoutMs?: number }): Promise<ServeHandle> {
  const { child, done } = startCli(['serve', '--data-dir', opts.dataDir, '--host', '127.0.0.1', '--port', '0', '--model', opts.model, '--ui', opts.ui]);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  void done.then(() => (exited = true));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await done;
    clearTimeout(killer);
  };
  return new Promise<ServeHandle>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`earshot serve was not ready within ${opts.timeoutMs ?? 90_000} ms:\n${out}`));
    }, opts.timeoutMs ?? 90_000);
    const onData = () => {
      const m = READY.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ url: m[1]!, output: () => out, stop });
    };
    child.stdout!.on('data', onData);
    void done.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`earshot serve exited (code ${code}, signal ${signal}) before it was ready:\n${out}`));
    });
  });
}
