import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../electron/services/jobs/database.js';
import { fitOutputBase, MAX_OUTPUT_BASE_BYTES } from '../../../../../electron/services/transcripts/write-outputs.js';
import { WrittenFiles, numberedPath, protectedTargets } from '../../../../../electron/services/transcripts/written-files.js';
import { writeFileExclusive } from '../../../../../electron/services/_utils/write-file-atomic.js';
import { dataPaths } from '../../../../../electron/services/_utils/data-dir.js';
import { hasMediaExtension } from '../../../../../electron/shared/media.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

describe('WrittenFiles: transcripts never replace a file Earshot did not write', () => {
  const tempDir = useTempDir('earshot-written-');
  const setup = () => {
    const dir = tempDir();
    const paths = dataPaths(path.join(dir, 'data'));
    const sources = new Set<string>();
    const db = openDatabase(paths.db);
    const files = new WrittenFiles(db, protectedTargets({ dataPaths: paths, isSource: (f) => sources.has(f), isMedia: hasMediaExtension }));
    const src = path.join(dir, 'talk.wav');
    fs.writeFileSync(src, 'RIFF');
    sources.add(src);
    return { dir, paths, files, src, writer: { jobId: null, sourcePath: src } };
  };
  const read = (f: string) => fs.readFileSync(f, 'utf8');

  it('writes missing files, replaces its own unchanged ones, and keeps a user file by writing the whole set beside it', async () => {
    const { dir, files, writer } = setup();
    const txt = path.join(dir, 'talk.txt');
    const srt = path.join(dir, 'talk.srt');
    expect(await files.writeSet([{ path: txt, content: 'one' }, { path: srt, content: 'one srt' }], writer, { overwrite: false })).toEqual({ paths: [txt, srt], notes: [] });
    expect(await files.writeSet([{ path: txt, content: 'two' }, { path: srt, content: 'two srt' }], writer, { overwrite: false })).toEqual({ paths: [txt, srt], notes: [] });
    expect(read(txt)).toBe('two');

    fs.writeFileSync(txt, 'my own notes'); // the user edits (or replaces) it
    const third = await files.writeSet([{ path: txt, content: 'three' }, { path: srt, content: 'three srt' }], writer, { overwrite: false });
    expect(third.paths).toEqual([path.join(dir, 'talk.1.txt'), path.join(dir, 'talk.1.srt')]);
    expect(third.notes).toEqual([expect.stringContaining(`${txt} was kept (it changed since Earshot wrote it): the transcript went to ${path.join(dir, 'talk.1.txt')}`)]);
    expect(read(txt)).toBe('my own notes');
    expect(read(srt)).toBe('two srt');
    expect(read(path.join(dir, 'talk.1.srt'))).toBe('three srt');
  });

  it('treats a file written for another input as foreign, takes the next free number, and replaces only with overwrite', async () => {
    const { dir, files, writer } = setup();
    const txt = path.join(dir, 'talk.txt');
    fs.writeFileSync(txt, 'user');
    fs.writeFileSync(path.join(dir, 'talk.1.txt'), 'user too');
    await files.writeSet([{ path: path.join(dir, 'talk.2.txt'), content: 'other' }], { jobId: null, sourcePath: path.join(dir, 'other.wav') }, { overwrite: false });
    const out = await files.writeSet([{ path: txt, content: 'mine' }], writer, { overwrite: false });
    expect(out.paths).toEqual([path.join(dir, 'talk.3.txt')]);
    expect(read(path.join(dir, 'talk.2.txt'))).toBe('other');
    const forced = await files.writeSet([{ path: txt, content: 'forced' }], writer, { overwrite: true });
    expect(forced).toEqual({ paths: [txt], notes: [expect.stringContaining('replaced (Earshot did not write it; --overwrite)')] });
    expect(read(txt)).toBe('forced');
  });

  it('never writes over an input, a media file, a folder or its own database, even with overwrite', async () => {
    const { dir, paths, files, src, writer } = setup();
    const audio = path.join(dir, 'music.mp3');
    fs.writeFileSync(audio, 'ID3');
    fs.mkdirSync(path.join(dir, 'folder.txt'));
    expect(await files.state(src, writer)).toEqual({ state: 'blocked', why: 'it is the input of a transcription job' });
    expect(await files.state(audio, writer)).toEqual({ state: 'blocked', why: 'it is a media file' });
    expect(await files.state(path.join(dir, 'folder.txt'), writer)).toEqual({ state: 'blocked', why: 'it is a folder' });
    expect((await files.state(paths.db, writer)).state).toBe('blocked');
    const out = await files.writeSet([{ path: src, content: 'text' }], writer, { overwrite: true });
    expect(out.paths).toEqual([numberedPath(src, 1)]);
    expect(out.notes[0]).toContain('it is the input of a transcription job');
    expect(read(src)).toBe('RIFF');
    expect(read(audio)).toBe('ID3');
  });

  it('keeps uploads and recordings Earshot did not write, but writes new transcripts beside them', async () => {
    const { paths, files } = setup();
    const upload = path.join(paths.uploads, 'u1', 'notes.txt');
    fs.mkdirSync(path.dirname(upload), { recursive: true });
    fs.writeFileSync(upload, 'uploaded');
    const writer = { jobId: null, sourcePath: path.join(paths.uploads, 'u1', 'talk.wav') };
    expect(await files.state(upload, writer)).toEqual({ state: 'blocked', why: 'it is an uploaded file' });
    expect(await files.state(path.join(paths.uploads, 'u1', 'talk.txt'), writer)).toEqual({ state: 'missing' });
    const sidecar = path.join(paths.recordings, '3f1c1d2e-2222-4a4a-8b8b-123456789abc.meta.json');
    fs.mkdirSync(paths.recordings, { recursive: true });
    fs.writeFileSync(sidecar, '{}');
    expect(await files.state(sidecar, writer)).toEqual({ state: 'blocked', why: 'it is a recording or its sidecar' });
  });

  it('removes only the files still as it wrote them', async () => {
    const { dir, files, writer } = setup();
    const a = path.join(dir, 'a.txt');
    const b = path.join(dir, 'b.txt');
    await files.writeSet([{ path: a, content: 'a' }, { path: b, content: 'b' }], writer, { overwrite: false });
    fs.appendFileSync(b, ' edited');
    expect(await files.removeUnchanged([a, b, path.join(dir, 'gone.txt')], writer.sourcePath)).toEqual({ removed: [a], kept: [b] });
    expect(fs.existsSync(a)).toBe(false);
    expect(read(b)).toBe('b edited');
  });

  it('writeFileExclusive never replaces a file, and its temp name fits beside a 250-byte name', async () => {
    const dir = tempDir();
    const long = path.join(dir, `${'n'.repeat(250)}.txt`);
    expect(await writeFileExclusive(long, 'first')).toBe(true);
    expect(await writeFileExclusive(long, 'second')).toBe(false);
    expect(read(long)).toBe('first');
    expect(fs.readdirSync(dir)).toEqual([path.basename(long)]);
  });

  it('fitOutputBase keeps short names and shortens long ones to the limit with a hash, at a character boundary', () => {
    expect(fitOutputBase('lecture')).toBe('lecture');
    const a = fitOutputBase(`${'é'.repeat(200)}a`);
    const b = fitOutputBase(`${'é'.repeat(200)}b`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_OUTPUT_BASE_BYTES);
    expect(a).toMatch(/^é+~[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });
});
