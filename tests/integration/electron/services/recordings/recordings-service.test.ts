import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../../../../native/audio/probe.js';
import { ffmpegPath } from '../../../../../native/audio/tools.js';
import { openDatabase } from '../../../../../electron/services/jobs/database.js';
import { JobStore } from '../../../../../electron/services/jobs/job-store.js';
import { trustedCall } from '../../../../../electron/services/_utils/call-context.js';
import { hashFile } from '../../../../../electron/services/jobs/collect-inputs.js';
import { RecordingsService } from '../../../../../electron/services/recordings/recordings-service.js';
import { JFK_WAV } from '../../../../helpers/paths.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const params = { model: 'tiny.en' };
const MIME = 'audio/webm;codecs=opus';

/**
 * jfk.wav encoded the way MediaRecorder streams it: WebM/Opus written to a pipe (so no duration and no cue index,
 * ffprobe says duration=N/A), cut into `chunkBytes` pieces as the renderer would send them.
 */
function mediaRecorderChunks(chunkBytes = 4096): Buffer[] {
  const webm = execFileSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', JFK_WAV, '-c:a', 'libopus', '-b:a', '32k', '-f', 'webm', '-cluster_time_limit', '1000', 'pipe:1'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const chunks: Buffer[] = [];
  for (let i = 0; i < webm.length; i += chunkBytes) chunks.push(webm.subarray(i, i + chunkBytes));
  return chunks;
}

describe('RecordingsService (real files, real ffmpeg, real SQLite)', () => {
  const tempDir = useTempDir('earshot-rec-');
  let chunks: Buffer[];
  beforeAll(() => {
    chunks = mediaRecorderChunks();
  });

  const open = (dir = tempDir(), now?: () => number) => {
    const db = openDatabase(path.join(dir, 'earshot.db'));
    const store = new JobStore({ db, quarantineFile: path.join(dir, 'quarantine.log') });
    const recordingsDir = path.join(dir, 'recordings');
    const enqueue = async (file: string, choice: { model?: string }) =>
      store.enqueue({ sourcePath: file, sourceKind: 'recording', sourceRoot: null, contentHash: await hashFile(file), params: { model: 'tiny.en', ...choice } }).job;
    const service = new RecordingsService({ dir: recordingsDir, enqueue, ...(now ? { now } : {}) });
    return { dir, db, store, recordingsDir, service };
  };

  it('appends chunks in order with fsync, then stop finalises the file and queues a recording job', async () => {
    const { store, recordingsDir, service } = open();
    expect(await service.recoverUnfinished()).toEqual([]);
    const rec = await service.start({ mimeType: MIME });
    expect(rec).toMatchObject({ mimeType: MIME, bytes: 0, finished: false });
    expect(path.dirname(rec.path)).toBe(recordingsDir);
    expect(rec.path.endsWith(`${rec.id}.webm`)).toBe(true);
    // Fired without awaiting: the per-recording chain keeps them in call order.
    const acks = await Promise.all(chunks.map((c, seq) => service.append({ id: rec.id, seq: seq, chunkBase64: c.toString('base64') })));
    expect(acks.at(-1)!.bytes).toBe(Buffer.concat(chunks).length);
    expect(fs.readFileSync(rec.path).equals(Buffer.concat(chunks))).toBe(true);

    const { job } = await service.stop({ id: rec.id, params }, trustedCall());
    expect(job).toMatchObject({ sourcePath: rec.path, sourceKind: 'recording', status: 'queued' });
    expect(store.require(job.id).contentHash).toMatch(/^[0-9a-f]{64}$/);
    const info = await probeMedia(rec.path);
    expect(info.durationMs).toBeGreaterThan(10_500);
    expect(info.durationMs).toBeLessThan(11_600);
    const sidecar = JSON.parse(fs.readFileSync(path.join(recordingsDir, `${rec.id}.meta.json`), 'utf8')) as Record<string, unknown>;
    expect(sidecar).toMatchObject({ id: rec.id, state: 'stopped', jobId: job.id });
    expect(await service.listUnfinished()).toEqual([]);
    await expect(service.stop({ id: rec.id, params }, trustedCall())).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(service.append({ id: rec.id, seq: chunks.length, chunkBase64: chunks[0]!.toString('base64') })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('refuses a duplicate or skipped chunk and keeps going with the right one', async () => {
    const { service } = open();
    const rec = await service.start({ mimeType: MIME });
    await service.append({ id: rec.id, seq: 0, chunkBase64: chunks[0]!.toString('base64') });
    await expect(service.append({ id: rec.id, seq: 0, chunkBase64: chunks[0]!.toString('base64') })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('expected chunk 1, got chunk 0') });
    await expect(service.append({ id: rec.id, seq: 2, chunkBase64: chunks[2]!.toString('base64') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await service.append({ id: rec.id, seq: 1, chunkBase64: chunks[1]!.toString('base64') })).bytes).toBe(chunks[0]!.length + chunks[1]!.length);
    expect(fs.statSync(rec.path).size).toBe(chunks[0]!.length + chunks[1]!.length);
  });

  it('after a crash mid-recording (torn last chunk), the next start finalises the file and offers it; stop makes it a job', async () => {
    const dir = tempDir();
    const first = open(dir);
    const rec = await first.service.start({ mimeType: MIME });
    const half = Math.floor(chunks.length / 2);
    for (let seq = 0; seq < half; seq++) await first.service.append({ id: rec.id, seq: seq, chunkBase64: chunks[seq]!.toString('base64') });
    // The process dies while writing the next chunk: half of it reaches the disk.
    fs.appendFileSync(rec.path, chunks[half]!.subarray(0, 1000));
    first.db.close(); // no close() of the service: a crash

    const second = open(dir);
    const offered = await second.service.recoverUnfinished();
    expect(offered).toHaveLength(1);
    expect(offered[0]).toMatchObject({ id: rec.id, path: rec.path, finished: false });
    const info = await probeMedia(rec.path);
    expect(info.durationMs).toBeGreaterThan(3000);
    expect(info.durationMs).toBeLessThan(8000);
    // Still offered on the next listing, and no longer writable.
    expect((await second.service.listUnfinished()).map((r) => r.id)).toEqual([rec.id]);
    await expect(second.service.append({ id: rec.id, seq: half, chunkBase64: chunks[half]!.toString('base64') })).rejects.toMatchObject({ code: 'INVALID_STATE' });

    const { job } = await second.service.stop({ id: rec.id, params }, trustedCall());
    expect(job).toMatchObject({ sourcePath: rec.path, sourceKind: 'recording' });
    expect(await second.service.listUnfinished()).toEqual([]);
  });

  it('finalises the recordings of an owner that went away, and active ones idle past idleMs', async () => {
    let now = 1_000_000;
    const { service } = open(tempDir(), () => now);
    const a = await service.start({ mimeType: MIME }, { clientId: 'socket-a' });
    const b = await service.start({ mimeType: MIME }, { clientId: 'socket-b' });
    for (let seq = 0; seq < 4; seq++) {
      await service.append({ id: a.id, seq: seq, chunkBase64: chunks[seq]!.toString('base64') });
      await service.append({ id: b.id, seq: seq, chunkBase64: chunks[seq]!.toString('base64') });
    }
    await service.releaseOwner('socket-a');
    expect((await service.listUnfinished()).map((r) => r.id)).toEqual([a.id]);
    now += 6000;
    expect((await service.listUnfinished()).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    await expect(service.append({ id: b.id, seq: 4, chunkBase64: chunks[4]!.toString('base64') })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('removes an empty recording on stop (FILE_EMPTY) and on recovery', async () => {
    const dir = tempDir();
    const { service, recordingsDir } = open(dir);
    const empty = await service.start({ mimeType: MIME });
    await expect(service.stop({ id: empty.id, params }, trustedCall())).rejects.toMatchObject({ code: 'FILE_EMPTY' });
    expect(fs.readdirSync(recordingsDir)).toEqual([]);
    const leftover = await service.start({ mimeType: MIME });
    expect(await open(dir).service.recoverUnfinished()).toEqual([]);
    expect(fs.existsSync(leftover.path)).toBe(false);
  });

  it('moves a sidecar an older version wrote as <id>.json to <id>.meta.json, and leaves a transcript of that name alone', async () => {
    const { service, recordingsDir } = open();
    fs.mkdirSync(recordingsDir, { recursive: true });
    const id = '3f1c1d2e-3333-4a4a-8b8b-123456789abc';
    fs.writeFileSync(path.join(recordingsDir, `${id}.webm`), Buffer.concat(chunks));
    const meta = { id, mimeType: MIME, ext: 'webm', startedAt: 1, state: 'recovered', jobId: null, bytes: Buffer.concat(chunks).length };
    fs.writeFileSync(path.join(recordingsDir, `${id}.json`), JSON.stringify(meta));
    const transcript = path.join(recordingsDir, '3f1c1d2e-4444-4a4a-8b8b-123456789abc.json');
    fs.writeFileSync(transcript, JSON.stringify({ source: 'x.webm', segments: [] }));
    expect((await service.recoverUnfinished()).map((r) => r.id)).toEqual([id]);
    expect(JSON.parse(fs.readFileSync(path.join(recordingsDir, `${id}.meta.json`), 'utf8'))).toEqual(meta);
    expect(fs.existsSync(path.join(recordingsDir, `${id}.json`))).toBe(false);
    expect(JSON.parse(fs.readFileSync(transcript, 'utf8'))).toEqual({ source: 'x.webm', segments: [] });
  });

  it('refuses unknown MIME types and unknown ids, and skips a corrupt sidecar', async () => {
    const { service, recordingsDir } = open();
    await expect(service.start({ mimeType: 'text/plain' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('text/plain') });
    await expect(service.append({ id: '3f1c1d2e-1111-4a4a-8b8b-123456789abc', seq: 0, chunkBase64: chunks[0]!.toString('base64') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.stop({ id: '3f1c1d2e-1111-4a4a-8b8b-123456789abc', params }, trustedCall())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    fs.mkdirSync(recordingsDir, { recursive: true });
    fs.writeFileSync(path.join(recordingsDir, '3f1c1d2e-2222-4a4a-8b8b-123456789abc.meta.json'), '{"id": "not a sidecar"');
    expect(await service.recoverUnfinished()).toEqual([]);
  });
});
