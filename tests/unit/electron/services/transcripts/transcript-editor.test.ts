import { parseSync } from 'subtitle';
import { convertToWav } from '../../../../../native/audio/index.js';
import { describe, expect, it } from 'vitest';
import { renderTranscript } from '../../../../../electron/services/transcripts/formats.js';
import { TranscriptEditor } from '../../../../../electron/services/transcripts/transcript-editor.js';
import { TranscriptsService } from '../../../../../electron/services/transcripts/transcripts-service.js';
import { WrittenFiles } from '../../../../../electron/services/transcripts/written-files.js';
import { transcriptMeta } from '../../../../../electron/services/transcripts/write-outputs.js';
import type { Segment } from '../../../../../electron/shared/jobs.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';
import { completedJob, openStore } from '../../../../helpers/transcripts.js';

const JFK = [' And so my fellow Americans,', ' ask not what your country can do for you,', ' ask what you can do for your country.'];

/** Times are in order, each segment has t0 < t1, consecutive ones do not overlap, positions are 0..n-1. */
function expectConsistent(segments: readonly Segment[]): void {
  segments.forEach((s, i) => {
    expect(s.index).toBe(i);
    expect(s.t0Ms).toBeLessThan(s.t1Ms);
    if (i > 0) expect(s.t0Ms).toBeGreaterThanOrEqual(segments[i - 1]!.t1Ms);
  });
  expect(new Set(segments.map((s) => s.id)).size).toBe(segments.length);
}

describe('transcript editing with versions', () => {
  const tempDir = useTempDir();
  const open = (dir: string) => {
    const { db, store } = openStore(dir);
    return { db, store, service: new TranscriptsService(store, new WrittenFiles(db, () => null), new TranscriptEditor(db), dir, convertToWav) };
  };

  it('an edit survives reopening the database, exports carry it (JSON keeps the original), undo and revert bring back whisper', async () => {
    const dir = tempDir();
    const first = open(dir);
    const { store } = first;
    let { db, service } = first;
    const job = completedJob(store, '/in/jfk.wav', JFK);
    const [, second] = store.segments(job.id);
    const edited = await service.editSegment({ jobId: job.id, segmentId: second!.id, text: ' ask not what your nation can do for you,' });
    expect(edited).toMatchObject({ canUndo: true, canRedo: false });
    db.close();

    ({ db, service } = open(dir));
    const reopened = await service.open({ jobId: job.id });
    expect(reopened.segments[1]).toMatchObject({ id: second!.id, text: ' ask not what your nation can do for you,', original: JFK[1] });
    expect(reopened.canUndo).toBe(true);
    const srt = (await service.get({ id: job.id, format: 'srt' })).content;
    const cues = parseSync(srt).filter((n) => n.type === 'cue').map((n) => (n.data as { text: string }).text);
    expect(cues[1]).toBe('ask not what your nation can do for you,');
    const json = JSON.parse((await service.get({ id: job.id, format: 'json' })).content) as { segments: Array<{ text: string; original?: string }> };
    expect(json.segments[1]).toMatchObject({ text: 'ask not what your nation can do for you,', original: JFK[1]!.trim() });
    expect(json.segments[0]).not.toHaveProperty('original');

    const undone = await service.undo({ jobId: job.id });
    expect(undone.segments[1]).toMatchObject({ id: second!.id, text: JFK[1], original: null });
    expect(undone).toMatchObject({ canUndo: false, canRedo: true });
    const redone = await service.redo({ jobId: job.id });
    expect(redone.segments[1]!.text).toBe(' ask not what your nation can do for you,');
    await expect(service.redo({ jobId: job.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });

    await service.editSegment({ jobId: job.id, segmentId: second!.id, text: 'something else entirely' });
    const reverted = await service.revertSegment({ jobId: job.id, segmentId: second!.id });
    expect(reverted.segments[1]).toMatchObject({ text: JFK[1], original: null });
    expect(renderTranscript('txt', reverted.segments, transcriptMeta(job))).toBe(`${JFK.map((t) => t.trim()).join('\n')}\n`);
    // The revert is itself a change: undo goes back to the second edit.
    expect((await service.undo({ jobId: job.id })).segments[1]!.text).toBe('something else entirely');
    db.close();
  });

  it('split and merge keep times consistent and order, ids stable, and both undo and redo', async () => {
    const { db, store, service } = open(tempDir());
    const job = completedJob(store, '/in/jfk.wav', JFK);
    const before = store.segments(job.id);
    const target = before[1]!;
    const at = target.text.indexOf(' what');
    const split = await service.splitSegment({ jobId: job.id, segmentId: target.id, at });
    expect(split.segments).toHaveLength(4);
    expectConsistent(split.segments);
    expect(split.segments[1]).toMatchObject({ id: target.id, t0Ms: 1000, text: ' ask not' });
    expect(split.segments[2]!.text).toBe(' what your country can do for you,');
    expect(split.segments[1]!.t1Ms).toBe(split.segments[2]!.t0Ms);
    expect(split.segments[2]!.t1Ms).toBe(2000);
    expect(split.segments[3]!.id).toBe(before[2]!.id);
    const newId = split.segments[2]!.id;

    const explicit = await service.splitSegment({ jobId: job.id, segmentId: before[0]!.id, at: 7, atMs: 300 });
    expect(explicit.segments[0]).toMatchObject({ t0Ms: 0, t1Ms: 300 });
    expect(explicit.segments[1]).toMatchObject({ t0Ms: 300, t1Ms: 1000 });
    expectConsistent(explicit.segments);
    await expect(service.splitSegment({ jobId: job.id, segmentId: before[0]!.id, at: 2, atMs: 300 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(service.splitSegment({ jobId: job.id, segmentId: before[2]!.id, at: 999 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await service.undo({ jobId: job.id });

    const merged = await service.mergeSegments({ jobId: job.id, segmentId: target.id });
    expect(merged.segments).toHaveLength(3);
    expectConsistent(merged.segments);
    expect(merged.segments[1]).toMatchObject({ id: target.id, t0Ms: 1000, t1Ms: 2000, text: ' ask not what your country can do for you,' });
    const mergedAll = await service.mergeSegments({ jobId: job.id, segmentId: target.id });
    expect(mergedAll.segments[1]).toMatchObject({ t0Ms: 1000, t1Ms: 3000, text: `${JFK[1]} ${JFK[2]!.trim()}` });
    expectConsistent(mergedAll.segments);
    await expect(service.mergeSegments({ jobId: job.id, segmentId: target.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await service.undo({ jobId: job.id });
    await service.undo({ jobId: job.id });
    const backToSplit = await service.open({ jobId: job.id });
    expect(backToSplit.segments.map((s) => s.id)).toEqual([before[0]!.id, target.id, newId, before[2]!.id]);
    const original = await service.undo({ jobId: job.id });
    expect(original.segments).toEqual(before);
    const again = await service.redo({ jobId: job.id });
    expect(again.segments.map((s) => s.id)).toEqual([before[0]!.id, target.id, newId, before[2]!.id]);
    expectConsistent(again.segments);
    db.close();
  });

  it("keeps whisper's words through split (each half gets the words that start in it, cut at a word's start), merge, undo and the JSON export", async () => {
    const { store, service } = open(tempDir());
    const job = completedJob(store, '/in/jfk.wav', JFK, null, { words: true });
    const [first] = store.segments(job.id);
    expect(first!.words!.map((w) => w.text)).toEqual([' And', ' so', ' my', ' fellow', ' Americans,']);
    const at = JFK[0]!.indexOf(' fellow') + 1;
    const split = await service.splitSegment({ jobId: job.id, segmentId: first!.id, at });
    const [a, b] = split.segments;
    const fellow = first!.words![3]!;
    expect(a).toMatchObject({ t1Ms: fellow.t0Ms, text: ' And so my ' });
    expect(b).toMatchObject({ t0Ms: fellow.t0Ms, text: 'fellow Americans,' });
    expect(a!.words!.map((w) => w.text.trim())).toEqual(['And', 'so', 'my']);
    expect(b!.words!.map((w) => w.text.trim())).toEqual(['fellow', 'Americans,']);
    const merged = await service.mergeSegments({ jobId: job.id, segmentId: a!.id });
    expect(merged.segments[0]!.words).toEqual(first!.words);
    await service.undo({ jobId: job.id });
    await service.undo({ jobId: job.id });
    expect(store.segments(job.id)[0]).toEqual(first);
    const json = JSON.parse((await service.get({ id: job.id, format: 'json' })).content) as { segments: Array<{ words?: Array<{ text: string; t0: number; t1: number; p: number }> }> };
    expect(json.segments[0]!.words![3]).toEqual({ text: 'fellow', t0: fellow.t0Ms, t1: fellow.t1Ms, p: 0.9 });
  });

  it('an edited segment split in two can still be reverted half by half', async () => {
    const { db, store, service } = open(tempDir());
    const job = completedJob(store, '/in/a.wav', ['one two three four']);
    const [seg] = store.segments(job.id);
    await service.editSegment({ jobId: job.id, segmentId: seg!.id, text: 'one too three for' });
    const split = await service.splitSegment({ jobId: job.id, segmentId: seg!.id, at: 'one too'.length });
    expect(split.segments.map((s) => [s.text, s.original])).toEqual([['one too', 'one two'], [' three for', ' three four']]);
    const r = await service.revertSegment({ jobId: job.id, segmentId: split.segments[1]!.id });
    expect(r.segments.map((s) => s.text)).toEqual(['one too', ' three four']);
    db.close();
  });

  it('refuses to edit a running job, an unknown segment or job, and sets the title (empty: the file name)', async () => {
    const { db, store, service } = open(tempDir());
    const done = completedJob(store, '/in/talk.wav', ['hello']);
    await expect(service.editSegment({ jobId: done.id, segmentId: 999_999, text: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.undo({ jobId: done.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const { job: running } = store.enqueue({ sourcePath: '/in/b.wav', sourceKind: 'file', params: { model: 'tiny.en' } });
    store.claimNext('me', [running.id]);
    store.commitWindow(running.id, 'me', { t0Ms: 0, t1Ms: 1000, segments: [{ t0Ms: 0, t1Ms: 1000, text: 'hi' }], elapsedMs: 1, progress: 0.5, backend: 'cpu', backendNote: null, language: 'en' });
    const [seg] = store.segments(running.id);
    await expect(service.editSegment({ jobId: running.id, segmentId: seg!.id, text: 'x' })).rejects.toMatchObject({ code: 'INVALID_STATE' });

    expect(done.title).toBe('talk.wav');
    expect((await service.setTitle({ jobId: done.id, title: '  Board meeting ' })).title).toBe('Board meeting');
    expect(store.require(done.id).title).toBe('Board meeting');
    expect((await service.setTitle({ jobId: done.id, title: '' })).title).toBe('talk.wav');
    db.close();
  });
});
