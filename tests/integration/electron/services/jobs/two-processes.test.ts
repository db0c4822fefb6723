import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../../electron/services/jobs/database.js';
import { JobStore } from '../../../../../electron/services/jobs/job-store.js';
import { startCli } from '../../../../helpers/cli.js';
import { JFK_TEXT, JFK_WAV, testModelPath } from '../../../../helpers/paths.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';
import { wordErrorRate } from '../../../../helpers/wer.js';

const model = testModelPath();

describe.skipIf(!model)('two processes on one database', () => {
  const tempDir = useTempDir();

  it('runs every job exactly once', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const db = openDatabase(path.join(dataDir, 'earshot.db'));
    const store = new JobStore({ db, quarantineFile: path.join(dataDir, 'q.log') });
    const inputs = Array.from({ length: 6 }, (_, i) => {
      const file = path.join(dir, `clip-${i}.wav`);
      fs.copyFileSync(JFK_WAV, file);
      return { sourcePath: file, sourceKind: 'file' as const, params: { model: model!, language: 'en', formats: ['txt' as const] } };
    });
    const ids = store.enqueueMany(inputs).map((r) => r.job.id);

    // One whisper thread each, so the two engines do not fight over the 2 cores.
    const env = { EARSHOT_THREADS: '1', EARSHOT_LOG_LEVEL: 'info' };
    const runs = await Promise.all([0, 1].map(() => startCli(['--data-dir', dataDir, 'jobs', 'run'], env).done));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);

    const startedBy = runs.map((r) =>
      r.stderr.split('\n').filter((l) => l.includes('"job started"')).map((l) => (JSON.parse(l) as { jobId: string }).jobId),
    );
    // Both processes did work, no job was started by both, and together they started each job once.
    expect(startedBy[0]!.length).toBeGreaterThan(0);
    expect(startedBy[1]!.length).toBeGreaterThan(0);
    expect([...startedBy[0]!, ...startedBy[1]!].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const job = store.require(id);
      expect(job).toMatchObject({ status: 'completed', attempts: 1, windowsDone: 1 });
      expect(store.windows(id)).toHaveLength(1);
      expect(wordErrorRate(JFK_TEXT, store.segments(id).map((s) => s.text).join(' '))).toBeLessThanOrEqual(0.1);
    }
    db.close();
  }, 600_000);
});
