import fs from 'node:fs';
import path from 'node:path';
import { parseSync } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type EarshotServer } from '../../../../electron/server/create-server.js';
import type { Earshot } from '../../../../electron/services/earshot.js';
import type { TranscriptState } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { runCli } from '../../../helpers/cli.js';
import { testEarshot } from '../../../helpers/earshot.js';
import { FIXTURE_AUDIO_DIR, JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useSuiteTempDir } from '../../../helpers/temp-dir.js';

const model = testModelPath();

describe.skipIf(!model)('search and editing on real transcripts (CLI and REST of earshot serve)', () => {
  const suiteDir = useSuiteTempDir();
  let dataDir = '';
  let inputs = '';

  beforeAll(async () => {
    dataDir = path.join(suiteDir(), 'data');
    inputs = path.join(suiteDir(), 'in');
    fs.mkdirSync(inputs);
    fs.copyFileSync(JFK_WAV, path.join(inputs, 'inaugural.wav'));
    fs.copyFileSync(path.join(FIXTURE_AUDIO_DIR, 'jfk.ogg'), path.join(inputs, 'replay.ogg'));
    const run = await runCli(['--data-dir', dataDir, 'transcribe', inputs, '--model', model!, '--language', 'en', '--format', 'txt']);
    expect(run.code, run.stderr).toBe(0);
  }, 600_000);

  it('`earshot search` lists a word spoken in both transcripts, with file, mm:ss time and the word marked', async () => {
    const run = await runCli(['--data-dir', dataDir, 'search', 'country']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    for (const file of ['inaugural.wav', 'replay.ogg']) {
      const line = lines.find((l) => l.startsWith(path.join(inputs, file)));
      expect(line, run.stdout).toMatch(/ \d\d:\d\d {2}.*\[country\]/i);
    }
    const none = await runCli(['--data-dir', dataDir, 'search', 'xylophone']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no matches');
  });

  describe('over REST', () => {
    let earshot: Earshot;
    let server: EarshotServer;
    let url = '';
    beforeAll(async () => {
      earshot = testEarshot(dataDir);
      server = await createServer({ earshot, port: 0, staticDir: null });
      url = await server.start();
    });
    afterAll(async () => {
      await server.close();
      await earshot.close();
    });
    const post = async <T>(p: string, body?: unknown): Promise<{ status: number; json: T }> => {
      const res = await fetch(`${url}${p}`, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
      return { status: res.status, json: (await res.json()) as T };
    };
    const srtTexts = async (id: string) =>
      parseSync(await (await fetch(`${url}/api/jobs/${id}/transcript?format=srt`)).text()).filter((n) => n.type === 'cue').map((n) => (n.data as { text: string }).text).join(' ');

    it('an edited word is saved, exported in the SRT and found by search; undo and revert bring back what whisper heard', async () => {
      const jobs = (await (await fetch(`${url}/api/jobs`)).json()) as Job[];
      const job = jobs.find((j) => j.sourcePath.endsWith('inaugural.wav'))!;
      expect(job.title).toBe('inaugural.wav');
      const opened = (await (await fetch(`${url}/api/jobs/${job.id}/edit`)).json()) as TranscriptState;
      const seg = opened.segments.find((s) => /country/i.test(s.text))!;
      const whisper = seg.text;
      const edited = await post<TranscriptState>(`/api/jobs/${job.id}/segments/${seg.id}`, { text: whisper.replace(/country/i, 'homeland') });
      expect(edited.status).toBe(200);
      expect(edited.json.canUndo).toBe(true);
      expect(await srtTexts(job.id)).toContain('homeland');

      const hits = (await (await fetch(`${url}/api/search?q=homeland`)).json()) as { results: Array<{ jobId: string; segmentId: number }> };
      expect(hits.results).toEqual([expect.objectContaining({ jobId: job.id, segmentId: seg.id })]);

      await post(`/api/jobs/${job.id}/undo`);
      expect(await srtTexts(job.id)).not.toContain('homeland');
      await post(`/api/jobs/${job.id}/redo`);
      expect(await srtTexts(job.id)).toContain('homeland');
      const reverted = await post<TranscriptState>(`/api/jobs/${job.id}/segments/${seg.id}/revert`);
      expect(reverted.json.segments.find((s) => s.id === seg.id)).toMatchObject({ text: whisper, original: null });
      expect(await srtTexts(job.id)).not.toContain('homeland');

      const titled = await post<Job>(`/api/jobs/${job.id}/title`, { title: 'Inaugural address' });
      expect(titled.json.title).toBe('Inaugural address');
      expect((await post(`/api/jobs/${job.id}/segments/999999`, { text: 'x' })).status).toBe(404);
      expect((await post(`/api/jobs/${job.id}/segments/abc`, { text: 'x' })).status).toBe(400);
      expect((await fetch(`${url}/api/search?q=${encodeURIComponent('"(')}`)).status).toBe(400);
    });
  });
});
