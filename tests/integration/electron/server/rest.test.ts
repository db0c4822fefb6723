import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoctorReport } from '../../../../electron/shared/doctor.js';
import type { Job, Segment } from '../../../../electron/shared/jobs.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { wordErrorRate } from '../../../helpers/wer.js';
import { jfkRepeated, pollJob, startTestServer, type TestServer } from './server-fixture.js';

const model = testModelPath();
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const ERROR_BODY = { error: { code: expect.any(String), message: expect.any(String) } };

/** A multipart body with `file` (the bytes of `source`, named `name`) and optional JSON fields. */
function uploadForm(source: string, name: string, fields: Record<string, unknown> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, JSON.stringify(v));
  form.append('file', new Blob([fs.readFileSync(source)], { type: 'audio/wav' }), name);
  return form;
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** A raw GET that keeps the path exactly as written (fetch would normalise `..`). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe.skipIf(!model)('earshot serve REST API (real HTTP on 127.0.0.1, real engine and model)', () => {
  let t: TestServer;
  const savedModel = process.env.EARSHOT_MODEL;
  beforeAll(async () => {
    process.env.EARSHOT_MODEL = model!;
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
    if (savedModel === undefined) delete process.env.EARSHOT_MODEL;
    else process.env.EARSHOT_MODEL = savedModel;
  });

  it('GET /api/doctor answers the diagnostics report the CLI prints, its self-test transcribed on the real engine', async () => {
    const res = await fetch(`${t.url}/api/doctor`);
    expect(res.status).toBe(200);
    const report = DoctorReport.parse(await res.json());
    expect(report.dataDir).toBe(t.dataDir);
    expect(report.selfTest).toMatchObject({ ok: true, audioMs: 5000, error: null });
    expect(report.selfTest.rtf).toBeGreaterThan(0);
    expect(report.selfTest.text?.toLowerCase()).toContain('fellow americans');
  });

  it('GET /api/version names the app and protocol versions', async () => {
    const res = await fetch(`${t.url}/api/version`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ appVersion: expect.any(String), protocolVersion: 2, backendVersion: `2.${String(body.appVersion)}` });
    expect((await fetch(`${t.url}/api/version`, { headers: { 'x-frontend-version': '2.0.1.0' } })).status).toBe(200);
  });

  it('answers 409 naming both versions to an incompatible X-Frontend-Version, before reading an upload', async () => {
    const res = await fetch(`${t.url}/api/jobs`, { headers: { 'X-Frontend-Version': '99.0' } });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'VERSION_MISMATCH', message: expect.stringContaining('"99.0"') },
      frontendVersion: '99.0',
      backendVersion: expect.stringMatching(/^2\./),
    });
    const upload = await fetch(`${t.url}/api/transcribe`, { method: 'POST', headers: { 'X-Frontend-Version': '3.0.1.0' }, body: uploadForm(JFK_WAV, 'jfk.wav') });
    expect(upload.status).toBe(409);
    expect(filesUnder(path.join(t.dataDir, 'uploads'))).toEqual([]);
    expect((await fetch(`${t.url}/api/jobs`, { headers: { 'X-Frontend-Version': 'not a version' } })).status).toBe(409);
  });

  it('POST /api/transcribe {path} answers 202 with the job id; the job completes and the transcript comes in every format', async () => {
    const res = await fetch(`${t.url}/api/transcribe`, json({ path: 'inbox/jfk.wav' }));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; jobs: Job[]; excluded: unknown[] };
    expect(body.id).toBe(body.jobs[0]!.id);
    expect(body.jobs[0]!.sourcePath).toBe(path.join(t.dataDir, 'inbox', 'jfk.wav'));
    const job = await pollJob(t.url, body.id, (j) => j.status === 'completed' || j.status === 'failed');
    expect(job).toMatchObject({ status: 'completed', backend: 'cpu', progress: 1 });

    const list = (await (await fetch(`${t.url}/api/jobs`)).json()) as Job[];
    expect(list.map((j) => j.id)).toContain(body.id);
    const got = (await (await fetch(`${t.url}/api/jobs/${body.id}`)).json()) as { job: Job; segments: Segment[] };
    expect(got.segments.length).toBeGreaterThan(0);

    const txt = await fetch(`${t.url}/api/jobs/${body.id}/transcript?format=txt`);
    expect(txt.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(wordErrorRate(JFK_TEXT, await txt.text())).toBeLessThanOrEqual(0.2);
    const srt = await fetch(`${t.url}/api/jobs/${body.id}/transcript?format=srt`);
    expect(await srt.text()).toMatch(/^1\r?\n00:00:0\d,\d{3} --> /);
    const vtt = await fetch(`${t.url}/api/jobs/${body.id}/transcript?format=vtt`);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(await vtt.text()).toMatch(/^WEBVTT/);
    const asJson = (await (await fetch(`${t.url}/api/jobs/${body.id}/transcript?format=json`)).json()) as { segments: unknown[] };
    expect(asJson.segments.length).toBe(got.segments.length);
  }, 240_000);

  it('POST /api/transcribe multipart stores the upload under <data-dir>/uploads and transcribes it', async () => {
    const res = await fetch(`${t.url}/api/transcribe`, {
      method: 'POST',
      headers: { 'X-Frontend-Version': '2.0.1.0' },
      // Different params from the {path} test, so this upload is transcribed (with the same ones it would reuse that transcript).
      body: uploadForm(JFK_WAV, 'my talk.wav', { params: { language: 'en', formats: ['txt'] }, filters: {} }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const job = await pollJob(t.url, id, (j) => j.status === 'completed' || j.status === 'failed');
    expect(job.status).toBe('completed');
    expect(path.relative(path.join(t.dataDir, 'uploads'), job.sourcePath)).toMatch(/^[0-9a-f-]{36}[\\/]my talk\.wav$/);
    expect(job.params).toMatchObject({ language: 'en', formats: ['txt'] });
    expect(wordErrorRate(JFK_TEXT, await (await fetch(`${t.url}/api/jobs/${id}/transcript`)).text())).toBeLessThanOrEqual(0.2);
  }, 240_000);

  it('answers 400 with the zod message for bad bodies, ids and queries', async () => {
    const noPath = await fetch(`${t.url}/api/transcribe`, json({}));
    expect(noPath.status).toBe(400);
    expect(await noPath.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('path') } });
    const badTask = await fetch(`${t.url}/api/transcribe`, json({ path: 'inbox/jfk.wav', params: { task: 'dance' } }));
    expect(badTask.status).toBe(400);
    expect(((await badTask.json()) as { error: { message: string } }).error.message).toMatch(/task/);
    const notJson = await fetch(`${t.url}/api/transcribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    const badId = await fetch(`${t.url}/api/jobs/not-a-uuid`);
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: { message: string } }).error.message).toMatch(/id/i);
    const list = (await (await fetch(`${t.url}/api/jobs?limit=1`)).json()) as Job[];
    const badFormat = await fetch(`${t.url}/api/jobs/${list[0]!.id}/transcript?format=docx`);
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { error: { message: string } }).error.message).toMatch(/format/);
    const noFile = new FormData();
    noFile.append('params', '{}');
    const noFileRes = await fetch(`${t.url}/api/transcribe`, { method: 'POST', body: noFile });
    expect(noFileRes.status).toBe(400);
  });

  it('answers 404 for unknown job ids and routes', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, route] of [
      ['GET', `/api/jobs/${unknown}`],
      ['POST', `/api/jobs/${unknown}/cancel`],
      ['POST', `/api/jobs/${unknown}/retry`],
      ['DELETE', `/api/jobs/${unknown}`],
      ['GET', `/api/jobs/${unknown}/transcript?format=srt`],
      ['GET', '/api/nothing-here'],
    ] as const) {
      const res = await fetch(`${t.url}${route}`, { method });
      expect(res.status, `${method} ${route}`).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    }
  });

  it('refuses paths outside the data directory (403) and keeps upload names inside uploads/', async () => {
    for (const p of ['../../../../etc/passwd', '/etc/passwd', JFK_WAV, 'inbox/../../outside.wav']) {
      const res = await fetch(`${t.url}/api/transcribe`, json({ path: p }));
      expect(res.status, p).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
    fs.symlinkSync(JFK_WAV, path.join(t.dataDir, 'inbox', 'link.wav'));
    expect((await fetch(`${t.url}/api/transcribe`, json({ path: 'inbox/link.wav' }))).status).toBe(403);
    fs.symlinkSync(path.dirname(JFK_WAV), path.join(t.dataDir, 'inbox', 'linked-folder'));
    expect((await fetch(`${t.url}/api/transcribe`, json({ path: 'inbox/linked-folder/jfk.wav' }))).status).toBe(403);
    // A model file outside the data directory is refused too (only the server's own default may live elsewhere).
    expect((await fetch(`${t.url}/api/transcribe`, json({ path: 'inbox/jfk.wav', params: { model: '/etc/passwd.bin' } }))).status).toBe(403);
    expect((await fetch(`${t.url}/api/transcribe`, json({ path: 'inbox/jfk.wav', params: { outDir: '/tmp' } }))).status).toBe(403);

    const res = await fetch(`${t.url}/api/transcribe`, { method: 'POST', body: uploadForm(JFK_WAV, '../../../evil.wav', { params: { language: 'en', windowSec: 30 } }) });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const job = (await (await fetch(`${t.url}/api/jobs/${id}`)).json()) as { job: Job };
    expect(path.relative(path.join(t.dataDir, 'uploads'), job.job.sourcePath)).toMatch(/^[0-9a-f-]{36}[\\/]evil\.wav$/);
    // Where `uploads/<uuid>/../../../evil.wav` would have landed:
    expect(fs.existsSync(path.join(path.dirname(t.dataDir), 'evil.wav'))).toBe(false);
    expect(filesUnder(t.dataDir).filter((f) => f.includes('evil'))).toEqual([path.relative(t.dataDir, job.job.sourcePath)]);
    await fetch(`${t.url}/api/jobs/${id}/cancel`, { method: 'POST' });

    for (const raw of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/api/jobs/..%2f..%2fetc%2fpasswd']) {
      const res2 = await rawGet(t.url, raw);
      expect(res2.status, raw).toBeGreaterThanOrEqual(400);
      expect(res2.body).not.toContain('root:');
    }
  });

  it('refuses requests from another origin (a web page cannot drive the API)', async () => {
    const res = await fetch(`${t.url}/api/transcribe`, { method: 'POST', headers: { origin: 'http://evil.example' }, body: uploadForm(JFK_WAV, 'x.wav') });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringContaining('evil.example') } });
    expect((await fetch(`${t.url}/api/jobs`, { headers: { origin: t.url } })).status).toBe(200);
  });

  it('cancels a running job and retries it (it runs again), refuses to delete a running job, then deletes it', async () => {
    const long = path.join(t.dataDir, 'inbox', 'jfk-x4.wav');
    fs.copyFileSync(jfkRepeated(4), long);
    const res = await fetch(`${t.url}/api/transcribe`, json({ path: long, params: { windowSec: 15 } }));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const isRunning = (j: Job) => j.status === 'running' || j.status === 'completed' || j.status === 'failed';
    expect((await pollJob(t.url, id, isRunning)).status).toBe('running');
    const busy = await fetch(`${t.url}/api/jobs/${id}`, { method: 'DELETE' });
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('INVALID_STATE');

    const cancelled = await fetch(`${t.url}/api/jobs/${id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Job).status).toBe('cancelled');
    expect((await pollJob(t.url, id, (j) => j.status !== 'cancelled', 1500)).status).toBe('cancelled');
    const retried = await fetch(`${t.url}/api/jobs/${id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as Job).status).toBe('queued');
    expect((await pollJob(t.url, id, isRunning)).status).toBe('running');
    expect((await fetch(`${t.url}/api/jobs/${id}/retry`, { method: 'POST' })).status).toBe(409);

    expect((await fetch(`${t.url}/api/jobs/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    const deleted = await fetch(`${t.url}/api/jobs/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id });
    expect((await fetch(`${t.url}/api/jobs/${id}`)).status).toBe(404);
    expect(fs.existsSync(path.join(t.dataDir, 'work', id))).toBe(false);
  }, 240_000);

  it('serves no UI when none is built (503 naming the build command), JSON errors elsewhere', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:app');
    const other = await fetch(`${t.url}/nope`);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual(ERROR_BODY);
  });
});

describe.skipIf(!model)('earshot serve upload limits and the UI files', () => {
  let t: TestServer;
  let ui: string;
  beforeAll(async () => {
    process.env.EARSHOT_MODEL = model!;
    ui = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-ui-'));
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Earshot</title>');
    t = await startTestServer({ maxUploadBytes: 64 * 1024, staticDir: ui });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(ui, { recursive: true, force: true });
  });

  it('answers 413 to an upload over the limit (declared or streamed) and keeps nothing', async () => {
    const declared = await fetch(`${t.url}/api/transcribe`, { method: 'POST', body: uploadForm(JFK_WAV, 'big.wav') });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: { code: 'TOO_LARGE', message: expect.stringContaining(String(64 * 1024)) } });

    // No Content-Length (chunked): the limit is enforced while the file streams in.
    const form = new Response(uploadForm(JFK_WAV, 'big.wav'));
    const streamed = await fetch(`${t.url}/api/transcribe`, {
      method: 'POST',
      headers: { 'content-type': form.headers.get('content-type')! },
      body: form.body,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE');
    expect(filesUnder(path.join(t.dataDir, 'uploads'))).toEqual([]);
    expect((await (await fetch(`${t.url}/api/jobs`)).json()) as Job[]).toEqual([]);
  });

  it('serves index.html at / with a Content-Security-Policy', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>Earshot</title>');
  });
});
