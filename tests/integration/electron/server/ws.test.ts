import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../../native/audio/tools.js';
import type { RecordingInfo } from '../../../../electron/shared/contract.js';
import type { Job, Segment } from '../../../../electron/shared/jobs.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { wordErrorRate } from '../../../helpers/wer.js';
import { startTestServer, type TestServer } from './server-fixture.js';
import { WsSession } from './ws-session.js';

const model = testModelPath();

/** jfk.wav as MediaRecorder would stream it (WebM/Opus to a pipe: no duration, no cues), in `chunkBytes` pieces, base64. */
function recorderChunks(chunkBytes = 8192): string[] {
  const webm = execFileSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', JFK_WAV, '-c:a', 'libopus', '-b:a', '32k', '-f', 'webm', 'pipe:1'], { maxBuffer: 1 << 26 });
  const out: string[] = [];
  for (let i = 0; i < webm.length; i += chunkBytes) out.push(webm.subarray(i, i + chunkBytes).toString('base64'));
  return out;
}

describe.skipIf(!model)('earshot serve WebSocket contract (real engine, real model)', () => {
  let t: TestServer;
  let ws: WsSession;
  const savedModel = process.env.EARSHOT_MODEL;
  beforeAll(async () => {
    process.env.EARSHOT_MODEL = model!;
    t = await startTestServer();
    ws = await WsSession.open(t.url);
  });
  afterAll(async () => {
    await ws?.close();
    await t?.close();
    if (savedModel === undefined) delete process.env.EARSHOT_MODEL;
    else process.env.EARSHOT_MODEL = savedModel;
  });

  it('answers requests by id, refuses unknown channels, bad inputs and incompatible versions', async () => {
    expect(await ws.request('version.get', {})).toEqual({ ok: true, value: { appVersion: expect.any(String), protocolVersion: 2 } });
    expect(await ws.request('jobs.nuke', {})).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('jobs.nuke') } });
    expect(await ws.request('jobs.get', { id: 'nope' })).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('id') } });
    const mismatch = await ws.request('jobs.list', {}, '99.0');
    expect(mismatch).toEqual({ ok: false, error: { code: 'VERSION_MISMATCH', message: expect.stringMatching(/"99\.0".*1\./) } });
    // Frames that cannot be answered by id get an error frame; the socket keeps working.
    ws.sendRaw('not json');
    ws.sendRaw(JSON.stringify({ type: 'request', channel: 'version.get' }));
    await ws.waitFor(() => ws.errors.length === 2, 5000, 'two error frames');
    expect(ws.errors.map((f) => f.error.code)).toEqual(['BAD_REQUEST', 'BAD_REQUEST']);
    const bad = await ws.request('version.get', 'not an object');
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const settings = await ws.value<{ dataDir: string; defaultModel: string | null; models: Array<{ isDefault: boolean }> }>('settings.get', {});
    expect(settings.dataDir).toBe(t.dataDir);
    expect(settings.defaultModel).toBe(model);
    expect(settings.models.filter((m) => m.isDefault)).toHaveLength(1);
  });

  it('pushes job.changed, job.progress and job.segments for a real transcription of jfk.wav', async () => {
    const { jobs } = await ws.value<{ jobs: Job[] }>('jobs.enqueue', { paths: ['inbox/jfk.wav'], params: { formats: ['txt'] } });
    const id = jobs[0]!.id;
    const changes = () => ws.events.filter((e) => e.event === 'job.changed' && (e.payload as Job).id === id).map((e) => e.payload as Job);
    await ws.waitFor(() => changes().some((j) => j.status === 'completed' || j.status === 'failed'), 200_000, 'the job to finish');
    const statuses = changes().map((j) => j.status);
    expect(statuses[0]).toBe('queued');
    expect(statuses).toContain('running');
    expect(statuses.at(-1)).toBe('completed');
    const progress = ws.events.filter((e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === id);
    expect(progress.length).toBeGreaterThan(0);
    const live = ws.events
      .filter((e) => e.event === 'job.segments' && (e.payload as { jobId: string }).jobId === id)
      .flatMap((e) => (e.payload as { segments: Array<{ text: string }> }).segments.map((s) => s.text));
    expect(wordErrorRate(JFK_TEXT, live.join(' '))).toBeLessThanOrEqual(0.2);
    const { segments } = await ws.value<{ segments: Segment[] }>('jobs.get', { id });
    expect(wordErrorRate(JFK_TEXT, segments.map((s) => s.text).join(' '))).toBeLessThanOrEqual(0.2);

    const exported = await ws.value<{ path: string }>('transcripts.export', { id, format: 'srt', path: 'exports/jfk.srt' });
    expect(exported.path).toBe(path.join(t.dataDir, 'exports', 'jfk.srt'));
    expect(fs.readFileSync(exported.path, 'utf8')).toMatch(/-->/);
    for (const target of ['../outside.srt', '/tmp/outside.srt', 'earshot.db', 'settings.json']) {
      expect(await ws.request('transcripts.export', { id, format: 'srt', path: target }), target).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(fs.existsSync(path.join(path.dirname(t.dataDir), 'outside.srt'))).toBe(false);

    const other = await WsSession.open(t.url);
    expect(await ws.value('jobs.delete', { id })).toEqual({ id });
    await other.waitFor(() => other.events.some((e) => e.event === 'job.removed' && (e.payload as { id: string }).id === id), 5000, 'job.removed');
    await other.close();
  }, 240_000);

  it('records over the socket: chunks in order, stop makes a job whose transcript matches the speech', async () => {
    const chunks = recorderChunks();
    const rec = await ws.value<RecordingInfo>('recordings.start', { mimeType: 'audio/webm;codecs=opus' });
    expect(path.dirname(rec.path)).toBe(path.join(t.dataDir, 'recordings'));
    for (const [seq, chunkBase64] of chunks.entries()) await ws.value('recordings.append', { id: rec.id, seq, chunkBase64 });
    expect(await ws.request('recordings.append', { id: rec.id, seq: 0, chunkBase64: chunks[0] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ws.request('recordings.append', { id: rec.id, seq: chunks.length, chunkBase64: '***' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const { job } = await ws.value<{ job: Job }>('recordings.stop', { id: rec.id, params: { formats: ['txt'], language: 'en' } });
    expect(job).toMatchObject({ sourceKind: 'recording', sourcePath: rec.path });
    await ws.waitFor(
      () => ws.events.some((e) => e.event === 'job.changed' && (e.payload as Job).id === job.id && ['completed', 'failed'].includes((e.payload as Job).status)),
      200_000,
      'the recording job',
    );
    const { job: done, segments } = await ws.value<{ job: Job; segments: Segment[] }>('jobs.get', { id: job.id });
    expect(done.status).toBe('completed');
    expect(wordErrorRate(JFK_TEXT, segments.map((s) => s.text).join(' '))).toBeLessThanOrEqual(0.2);
  }, 240_000);

  it('finalises a recording whose socket closed mid-way and offers it to the next page', async () => {
    const chunks = recorderChunks();
    const page = await WsSession.open(t.url);
    const rec = await page.value<RecordingInfo>('recordings.start', { mimeType: 'audio/webm' });
    for (let seq = 0; seq < 3; seq++) await page.value('recordings.append', { id: rec.id, seq, chunkBase64: chunks[seq] });
    await page.close(); // the page reloads
    const next = await WsSession.open(t.url);
    let offered: RecordingInfo[] = [];
    for (let i = 0; i < 50 && !offered.some((r) => r.id === rec.id); i++) {
      offered = await next.value<RecordingInfo[]>('recordings.listUnfinished', {});
      if (!offered.some((r) => r.id === rec.id)) await new Promise((r) => setTimeout(r, 100));
    }
    expect(offered.find((r) => r.id === rec.id)).toMatchObject({ finished: false, path: rec.path });
    expect(await next.request('recordings.append', { id: rec.id, seq: 3, chunkBase64: chunks[3] })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const { job } = await next.value<{ job: Job }>('recordings.stop', { id: rec.id, params: {} });
    expect(job.sourceKind).toBe('recording');
    await next.value('jobs.cancel', { id: job.id });
    await next.close();
  });

  it('refuses a WebSocket upgrade from another origin', async () => {
    await expect(WsSession.open(t.url, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });
});
