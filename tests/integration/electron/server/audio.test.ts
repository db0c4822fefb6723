import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../../electron/shared/jobs.js';
import { ffmpeg } from '../../../helpers/media-fixtures.js';
import { FIXTURE_AUDIO_DIR, JFK_WAV } from '../../../helpers/paths.js';
import { type TestServer, startTestServer } from './server-fixture.js';

describe('GET /api/jobs/:id/audio (earshot serve, HTTP Range)', () => {
  let s: TestServer;
  let job: Job;
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-outside-'));
  beforeAll(async () => {
    s = await startTestServer({ runJobs: false });
    job = s.earshot.store.enqueue({ sourcePath: path.join(s.dataDir, 'inbox', 'jfk.wav'), sourceKind: 'file', params: { model: 'tiny.en' } }).job;
  });
  afterAll(async () => {
    await s.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });
  const audio = (id: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${s.url}/api/jobs/${id}/audio`, { headers, method });
  const source = fs.readFileSync(JFK_WAV);

  it('serves the source when no converted WAV exists: 206 with exactly the asked bytes, 200 for the whole', async () => {
    const res = await audio(job.id, { range: 'bytes=100-4195' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-4195/${source.length}`);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await res.arrayBuffer()).equals(source.subarray(100, 4196))).toBe(true);
    const suffix = await audio(job.id, { range: 'bytes=-10' });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(source.subarray(source.length - 10))).toBe(true);
    const whole = await audio(job.id);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Number(whole.headers.get('content-length'))).toBe(source.length);
    const head = await audio(job.id, {}, 'HEAD');
    expect(head.status).toBe(200);
  });

  it('prefers the job\'s converted 16 kHz WAV once it exists', async () => {
    const work = path.join(s.earshot.paths.work, job.id);
    fs.mkdirSync(work, { recursive: true });
    const converted = Buffer.concat([source.subarray(0, 44), Buffer.alloc(3000, 7)]);
    fs.writeFileSync(path.join(work, 'audio.wav'), converted);
    const res = await audio(job.id, { range: 'bytes=44-99' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 44-99/${converted.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.alloc(56, 7))).toBe(true);
    fs.rmSync(work, { recursive: true });
  });

  it('converts a source a browser cannot play (Matroska) to a WAV for playback, once, and serves that', async () => {
    const mkv = path.join(s.dataDir, 'inbox', 'talk.mkv');
    await ffmpeg(['-i', JFK_WAV, '-c:a', 'flac', mkv]);
    const talk = s.earshot.store.enqueue({ sourcePath: mkv, sourceKind: 'file', params: { model: 'tiny.en' } }).job;
    const [a, b] = await Promise.all([audio(talk.id, { range: 'bytes=0-3' }), audio(talk.id, { range: 'bytes=0-3' })]);
    for (const res of [a, b]) {
      expect(res.status).toBe(206);
      expect(res.headers.get('content-type')).toBe('audio/wav');
      expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toBe('RIFF');
    }
    const playback = path.join(s.earshot.paths.work, talk.id, 'playback.wav');
    expect(fs.statSync(playback).size).toBeGreaterThan(16_000 * 2 * 10);
    expect(fs.readdirSync(path.dirname(playback))).toEqual(['playback.wav']);
  });

  it('answers 404 for an unknown job, 400 for a bad id, 416 past the end, 403 for a source outside the data dir or a foreign Origin', async () => {
    const unknown = await audio('0a1b2c3d-0000-4000-8000-000000000002');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await audio('not-a-uuid')).status).toBe(400);
    expect((await audio(job.id, { range: `bytes=${source.length + 5}-` })).status).toBe(416);
    fs.copyFileSync(path.join(FIXTURE_AUDIO_DIR, 'jfk.mp3'), path.join(outside, 'jfk.mp3'));
    const elsewhere = s.earshot.store.enqueue({ sourcePath: path.join(outside, 'jfk.mp3'), sourceKind: 'file', params: { model: 'tiny.en' } }).job;
    const forbidden = await audio(elsewhere.id);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await audio(job.id, { origin: 'http://evil.example' })).status).toBe(403);
  });
});
