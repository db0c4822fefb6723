/**
 * `earshot serve` for the fuzz test, in its own process so that its memory can be measured apart from the test
 * runner's: a real server (temp data dir, real SQLite) on 127.0.0.1 with the job manager idle. Speaks to its parent
 * over IPC: sends `{ type: 'ready', url }`, answers `'rss'` with `{ type: 'rss', rss }` (after a full GC; run with
 * --expose-gc) and `'close'` by closing the server and exiting.
 */
import { startTestServer } from './server-fixture.js';

const t = await startTestServer({ runJobs: false, requestTimeoutMs: 2000, headersTimeoutMs: 1000, timeoutCheckMs: 200 });
const send = (message: unknown) => process.send?.(message);
send({ type: 'ready', url: t.url });
process.on('message', (message: unknown) => {
  if (message === 'rss') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    send({ type: 'rss', rss: process.memoryUsage().rss });
  } else if (message === 'close') {
    void t.close().then(() => process.exit(0));
  }
});
