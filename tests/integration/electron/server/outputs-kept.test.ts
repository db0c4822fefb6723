import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../../native/audio/tools.js';
import type { RecordingInfo } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { wordErrorRate } from '../../../helpers/wer.js';
import { pollJob, startTestServer, type TestServer } from './server-fixture.js';
import { WsSession } from './ws-session.js';

const model = testModelPath();
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const read = (file: string) => fs.readFileSync(file, 'utf8');

async function upload(url: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('params', JSON.stringify({ language: 'en', formats: ['txt', 'srt'] }));
  form.append('file', new Blob([fs.readFileSync(JFK_WAV)], { type: 'audio/wav' }), name);
  const res = await fetch(`${url}/api/transcribe`, { method: 'POST', body: form });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

describe.skipIf(!model)('earshot serve: exports, deletes and recordings never lose a file', () => {
  let t: TestServer;
  let ws: WsSession;
  let job: Job;
  const savedModel = process.env.EARSHOT_MODEL;
  beforeAll(async () => {
    process.env.EARSHOT_MODEL = model!;
    t = await startTestServer();
    ws = await WsSession.open(t.url);
    job = await pollJob(t.url, await upload(t.url, 'jfk.wav'), (j) => j.status === 'completed' || j.status === 'failed');
    expect(job.status).toBe('completed');
  }, 300_000);
  afterAll(async () => {
    await ws?.close();
    await t?.close();
    if (savedModel === undefined) delete process.env.EARSHOT_MODEL;
    else process.env.EARSHOT_MODEL = savedModel;
  });

  it('(2) transcripts.export never writes over the uploaded audio, nor over an export it did not write unless asked', async () => {
    const audio = job.sourcePath;
    const audioHash = sha(audio);
    const overAudio = await ws.request('transcripts.export', { id: job.id, format: 'txt', path: audio });
    expect(overAudio).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('it is the input of a transcription job') } });
    expect(sha(audio)).toBe(audioHash);

    const exports = path.join(t.dataDir, 'exports');
    fs.mkdirSync(exports, { recursive: true });
    fs.writeFileSync(path.join(exports, 'talk.txt'), 'a good export the user keeps\n');
    expect(await ws.value('transcripts.export', { id: job.id, format: 'txt', path: path.join(exports, 'talk.txt') })).toEqual({ path: path.join(exports, 'talk.1.txt') });
    expect(read(path.join(exports, 'talk.txt'))).toBe('a good export the user keeps\n');
    expect(wordErrorRate(JFK_TEXT, read(path.join(exports, 'talk.1.txt')))).toBeLessThanOrEqual(0.1);

    // Its own export, unchanged, is replaced in place; once the user edits it, it is kept.
    const srt = path.join(exports, 'jfk.srt');
    expect(await ws.value('transcripts.export', { id: job.id, format: 'srt', path: srt })).toEqual({ path: srt });
    expect(await ws.value('transcripts.export', { id: job.id, format: 'srt', path: srt })).toEqual({ path: srt });
    fs.appendFileSync(srt, '\n3\n00:00:20,000 --> 00:00:21,000\nthe user added a cue\n');
    const edited = read(srt);
    expect(await ws.value('transcripts.export', { id: job.id, format: 'srt', path: srt })).toEqual({ path: path.join(exports, 'jfk.1.srt') });
    expect(read(srt)).toBe(edited);

    expect(await ws.value('transcripts.export', { id: job.id, format: 'txt', path: path.join(exports, 'talk.txt'), overwrite: true })).toEqual({ path: path.join(exports, 'talk.txt') });
    expect(wordErrorRate(JFK_TEXT, read(path.join(exports, 'talk.txt')))).toBeLessThanOrEqual(0.1);
  });

  it('(6) deleting a completed upload job keeps its transcripts; ?outputs=delete removes only those still as written', async () => {
    const folder = path.dirname(job.sourcePath);
    const outputs = Object.values(job.outputs);
    expect(outputs.map((f) => path.dirname(f))).toEqual([folder, folder]);
    const hashes = outputs.map(sha);
    // The same audio again, first: a job of its own that reuses the transcript (the user edits its txt below).
    const second = await pollJob(t.url, await upload(t.url, 'jfk.wav'), (j) => j.status === 'completed' || j.status === 'failed');
    expect(second.status).toBe('completed');
    const res = await fetch(`${t.url}/api/jobs/${job.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: job.id });
    expect(outputs.map(sha)).toEqual(hashes);
    expect(fs.existsSync(job.sourcePath)).toBe(false);
    expect(fs.existsSync(path.join(t.dataDir, 'exports', 'talk.txt'))).toBe(true);

    const { txt, srt } = second.outputs as { txt: string; srt: string };
    fs.appendFileSync(txt, 'my correction\n');
    expect((await fetch(`${t.url}/api/jobs/${second.id}?outputs=delete`, { method: 'DELETE' })).status).toBe(200);
    expect(fs.existsSync(srt)).toBe(false);
    expect(read(txt)).toContain('my correction');
    expect(fs.existsSync(second.sourcePath)).toBe(false);
    expect(fs.readdirSync(path.dirname(txt))).toEqual([path.basename(txt)]);
  }, 300_000);

  it("(3) a recording's JSON transcript and its sidecar live side by side; the sidecar still reads after the job", async () => {
    const webm = execFileSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', JFK_WAV, '-c:a', 'libopus', '-b:a', '32k', '-f', 'webm', 'pipe:1'], { maxBuffer: 64 * 1024 * 1024 });
    const rec = await ws.value<RecordingInfo>('recordings.start', { mimeType: 'audio/webm;codecs=opus' });
    for (let seq = 0, at = 0; at < webm.length; seq++, at += 16_384) {
      await ws.value('recordings.append', { id: rec.id, seq, chunkBase64: webm.subarray(at, at + 16_384).toString('base64') });
    }
    const { job: queued } = await ws.value<{ job: Job }>('recordings.stop', { id: rec.id, params: { language: 'en', formats: ['json', 'txt'] } });
    const done = await pollJob(t.url, queued.id, (j) => j.status === 'completed' || j.status === 'failed');
    expect(done.status).toBe('completed');
    const recordings = path.join(t.dataDir, 'recordings');
    expect(done.outputs).toEqual({ json: path.join(recordings, `${rec.id}.json`), txt: path.join(recordings, `${rec.id}.txt`) });
    const transcript = JSON.parse(read(path.join(recordings, `${rec.id}.json`))) as { source: string; segments: Array<{ text: string }> };
    expect(transcript.source).toBe(rec.path);
    expect(wordErrorRate(JFK_TEXT, transcript.segments.map((s) => s.text).join(' '))).toBeLessThanOrEqual(0.1);
    const sidecar = JSON.parse(read(path.join(recordings, `${rec.id}.meta.json`))) as Record<string, unknown>;
    expect(sidecar).toMatchObject({ id: rec.id, state: 'stopped', jobId: queued.id });
    // What the next start-up reads: the recording is known and finished, nothing to recover or warn about.
    expect(await t.earshot.recordings.recoverUnfinished()).toEqual([]);
    expect(await ws.request('recordings.stop', { id: rec.id })).toEqual({ ok: false, error: { code: 'INVALID_STATE', message: expect.stringContaining('stopped already') } });
  }, 300_000);
});
