import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS_PAGE_DEFAULT, JOBS_PAGE_MAX, MAX_ENQUEUE_PATHS } from '../../../../electron/shared/contract.js';
import { ErrorReply } from '../../../../electron/shared/http.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { WsClient } from '../../../../renderer/src/api/ws-client.js';
import { listAllJobs } from '../../../../renderer/src/features/jobs/use-jobs.js';
import { trickle } from './raw-http.js';
import { WebSocketClient, startTestServer, type TestServer } from './server-fixture.js';
import { TEST_FRONTEND_VERSION, WsSession } from './ws-session.js';

const JOBS = 250;

/** The `rel="next"` URL of a Link header, or null. */
function nextLink(res: Response): string | null {
  return /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
}

describe('earshot serve: paginated job listing and a cap on paths per enqueue (issue 12 #15)', () => {
  let t: TestServer;
  let newestFirst: string[];
  beforeAll(async () => {
    // The job manager does not run: the jobs stay queued, and many share one created_at millisecond.
    t = await startTestServer({ runJobs: false });
    const inputs = Array.from({ length: JOBS }, (_, i) => ({
      sourcePath: path.join(t.dataDir, 'inbox', `n${i}.wav`),
      sourceKind: 'file' as const,
      params: { model: 'tiny.en' },
    }));
    t.earshot.store.enqueueMany(inputs);
    newestFirst = t.earshot.store.list().map((j) => j.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /api/jobs pages newest first with a default size, a Link to the next page, and a maximum', async () => {
    const seen: string[] = [];
    let url: string | null = '/api/jobs';
    let pages = 0;
    while (url) {
      const res = await fetch(`${t.url}${url}`);
      expect(res.status).toBe(200);
      const jobs = (await res.json()) as Job[];
      expect(jobs.length).toBeLessThanOrEqual(JOBS_PAGE_DEFAULT);
      seen.push(...jobs.map((j) => j.id));
      url = nextLink(res);
      pages++;
    }
    expect(pages).toBe(Math.ceil(JOBS / JOBS_PAGE_DEFAULT));
    expect(seen).toEqual(newestFirst);

    const all = await fetch(`${t.url}/api/jobs?limit=${JOBS_PAGE_MAX}`);
    expect(((await all.json()) as Job[]).map((j) => j.id)).toEqual(newestFirst);
    expect(nextLink(all)).toBeNull();
    for (const bad of [`limit=${JOBS_PAGE_MAX + 1}`, 'limit=0', 'limit=-3', 'limit=abc', 'limit=1e9', 'cursor=junk', `cursor=${'9'.repeat(40)}_1`]) {
      const res = await fetch(`${t.url}/api/jobs?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(ErrorReply.parse(await res.json()).error.code, bad).toBe('BAD_REQUEST');
    }
    const tooMany = await fetch(`${t.url}/api/jobs?limit=${JOBS_PAGE_MAX + 1}`);
    expect(ErrorReply.parse(await tooMany.json()).error.message).toContain(String(JOBS_PAGE_MAX));
  });

  it('jobs.list over the WebSocket and the renderer client walk the same pages', async () => {
    const ws = await WsSession.open(t.url);
    const first = (await ws.value('jobs.list', { limit: 7 })) as { jobs: Job[]; nextCursor: string | null };
    expect(first.jobs.map((j) => j.id)).toEqual(newestFirst.slice(0, 7));
    const second = (await ws.value('jobs.list', { limit: 7, cursor: first.nextCursor })) as { jobs: Job[] };
    expect(second.jobs.map((j) => j.id)).toEqual(newestFirst.slice(7, 14));
    await ws.close();

    const client = new WsClient({
      url: `${t.url.replace(/^http/, 'ws')}/ws`,
      httpOrigin: t.url,
      frontendVersion: TEST_FRONTEND_VERSION,
      webSocket: WebSocketClient as unknown as typeof WebSocket,
    });
    try {
      const jobs = await listAllJobs(client, () => true, 40);
      expect(jobs.map((j) => j.id)).toEqual(newestFirst);
    } finally {
      client.close();
    }
  });

  it(`refuses more than ${MAX_ENQUEUE_PATHS} paths in one enqueue with a clear 400`, async () => {
    const ws = await WsSession.open(t.url);
    const paths = Array.from({ length: MAX_ENQUEUE_PATHS + 1 }, (_, i) => `inbox/missing-${i}.wav`);
    const refused = await ws.request('jobs.enqueue', { paths });
    expect(refused).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining(`at most ${MAX_ENQUEUE_PATHS} paths per request`) } });
    const atCap = await ws.request('jobs.enqueue', { paths: paths.slice(0, MAX_ENQUEUE_PATHS) });
    expect(JSON.stringify(atCap)).not.toContain('at most');
    await ws.close();
    expect(t.earshot.store.list()).toHaveLength(JOBS);
  });
});

describe('earshot serve: slow requests are cut off (issue 12 #16)', () => {
  let t: TestServer;
  let host: string;
  beforeAll(async () => {
    t = await startTestServer({ runJobs: false, requestTimeoutMs: 2000, headersTimeoutMs: 1000, timeoutCheckMs: 200 });
    host = new URL(t.url).host;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 408 in the contract shape to an upload whose body trickles in, and keeps nothing of it', async () => {
    const boundary = 'slowslow';
    const head =
      `POST /api/transcribe HTTP/1.1\r\nHost: ${host}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 1000000\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
    // 10 bytes every 100 ms: the 1 MB body would take about 3 hours; the cap of 600 pieces (about a minute) is a safety net.
    const { reply } = await trickle(t.url, head, 'RIFFRIFFRI', 100, 600);
    expect(reply.status).toBe(408);
    expect(ErrorReply.parse(JSON.parse(reply.body)).error.code).toBe('BAD_REQUEST');
    const uploads = path.join(t.dataDir, 'uploads');
    for (let i = 0; i < 50 && fs.existsSync(uploads) && fs.readdirSync(uploads).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
  });

  it('answers 408 to headers that trickle in', async () => {
    const { reply } = await trickle(t.url, `GET /api/version HTTP/1.1\r\nHost: ${host}\r\n`, 'X-Slow: 1\r\n', 100, 600);
    expect(reply.status).toBe(408);
    expect(ErrorReply.parse(JSON.parse(reply.body)).error.message).toMatch(/in time/);
    expect((await fetch(`${t.url}/api/version`)).status).toBe(200);
  });
});
