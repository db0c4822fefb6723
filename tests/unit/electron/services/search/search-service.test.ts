import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppApi } from '../../../../../electron/services/app/app-api.js';
import { openDatabase } from '../../../../../electron/services/jobs/database.js';
import { m0001Init } from '../../../../../electron/services/jobs/migrations/0001-init.js';
import { SearchService } from '../../../../../electron/services/search/search-service.js';
import { TranscriptEditor } from '../../../../../electron/services/transcripts/transcript-editor.js';
import { testEarshot } from '../../../../helpers/earshot.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';
import { completedJob, openStore } from '../../../../helpers/transcripts.js';

const text = (hit: { snippet: Array<{ text: string }> }) => hit.snippet.map((p) => p.text).join('');
const marked = (hit: { snippet: Array<{ text: string; match: boolean }> }) => hit.snippet.filter((p) => p.match).map((p) => p.text);

describe('search over every transcript (SQLite FTS5)', () => {
  const tempDir = useTempDir();

  it('lists a word spoken in two transcripts from both, with time and highlighted snippet; follows edits and deletes', async () => {
    const { db, store } = openStore(tempDir());
    const search = new SearchService(db);
    const a = completedJob(store, '/rec/monday-standup.wav', [' We talked about the budget.', ' Then lunch.']);
    const b = completedJob(store, '/rec/board.mp3', [' Welcome everyone.', ' The budget for next year is approved.']);
    completedJob(store, '/rec/other.wav', [' Nothing to see here.']);

    const { results } = await search.query({ query: 'budget', limit: 50 });
    expect(results.map((r) => [r.jobId, r.kind, r.segmentIndex, r.t0Ms, r.t1Ms]).sort()).toEqual(
      [[a.id, 'segment', 0, 0, 1000], [b.id, 'segment', 1, 1000, 2000]].sort(),
    );
    const hitB = results.find((r) => r.jobId === b.id)!;
    expect(hitB).toMatchObject({ title: 'board.mp3', sourcePath: '/rec/board.mp3' });
    expect(marked(hitB)).toEqual(['budget']);
    expect(text(hitB)).toContain('The budget for next year is approved.');

    // Edited text is found, and so is what whisper heard.
    const editor = new TranscriptEditor(db);
    const segA = store.segments(a.id)[0]!;
    editor.edit(a.id, segA.id, ' We talked about the finances.');
    expect(search.search('finances', 10).map((r) => r.segmentId)).toEqual([segA.id]);
    expect(search.search('budget', 10).map((r) => r.jobId).sort()).toEqual([a.id, b.id].sort());
    editor.revert(a.id, segA.id);
    expect(search.search('finances', 10)).toEqual([]);

    // Prefixes match, every word must match, and titles are searched too.
    expect(search.search('budg approved', 10).map((r) => r.jobId)).toEqual([b.id]);
    const title = search.search('standup', 10);
    expect(title).toHaveLength(1);
    expect(title[0]).toMatchObject({ kind: 'title', jobId: a.id, segmentId: null, t0Ms: null });
    expect(marked(title[0]!)).toEqual(['standup']);
    store.setTitle(b.id, 'Quarterly board meeting');
    expect(search.search('quarterly', 10).map((r) => [r.kind, r.title])).toEqual([['title', 'Quarterly board meeting']]);

    store.delete(b.id);
    expect(search.search('budget', 10).map((r) => r.jobId)).toEqual([a.id]);
    db.close();
  });

  it('takes FTS5 syntax as plain words: never a syntax error; a query with no word is BAD_REQUEST through the contract', async () => {
    const dir = tempDir();
    const earshot = testEarshot(dir);
    completedJob(earshot.store, '/rec/a.wav', [' "Quoted" words AND near(things) and stars* here.']);
    for (const q of ['"quoted', 'AND', 'near(things', 'stars*', 'a:b', '^here', '(((here', 'OR OR', 'NOT words', "it's", '-words', 'col:text']) {
      expect(() => earshot.search.search(q, 10), q).not.toThrow();
    }
    expect(earshot.search.search('near(things', 10)).toHaveLength(1);
    expect(earshot.search.search('"quoted" AND', 10)).toHaveLength(1);
    const api = new AppApi({ earshot, policy: { mode: 'trusted' } });
    for (const query of ['', '   ', '"', '"*()', '(((', '—']) {
      const res = await api.dispatch('search.query', { query });
      expect(res, JSON.stringify(query)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const ok = await api.dispatch('search.query', { query: 'stars', limit: 5 });
    expect(ok).toMatchObject({ ok: true, value: { results: [{ kind: 'segment' }] } });
    await earshot.close();
  });

  it('the migration gives existing segments ids and indexes existing transcripts and titles', () => {
    const file = path.join(tempDir(), 'earshot.db');
    const old = new Database(file);
    old.exec(m0001Init.sql);
    old.pragma('user_version = 1');
    old.prepare(`INSERT INTO jobs (id, source_path, source_kind, params_json, params_key, status, created_at, updated_at)
      VALUES ('11111111-1111-4111-8111-111111111111', '/old/interview.wav', 'file', '{"model":"tiny.en"}', 'k', 'completed', 1, 1)`).run();
    const seg = old.prepare('INSERT INTO segments (job_id, idx, t0_ms, t1_ms, text) VALUES (?, ?, ?, ?, ?)');
    seg.run('11111111-1111-4111-8111-111111111111', 0, 0, 1500, ' An old transcript about gardening.');
    seg.run('11111111-1111-4111-8111-111111111111', 1, 1500, 3000, ' Tomatoes grow well.');
    old.close();

    const db = openDatabase(file);
    const search = new SearchService(db);
    expect(search.search('tomatoes', 10)).toMatchObject([{ kind: 'segment', segmentIndex: 1, t0Ms: 1500, title: 'interview.wav' }]);
    expect(search.search('interview', 10)).toMatchObject([{ kind: 'title' }]);
    const ids = db.prepare('SELECT id FROM segments ORDER BY idx').all() as Array<{ id: number }>;
    expect(ids.every((r) => r.id > 0)).toBe(true);
    db.close();
  });
});
