import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../../electron/cli/program.js';
import { trustedCall } from '../../../../electron/services/_utils/call-context.js';
import type { Earshot } from '../../../../electron/services/earshot.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { testEarshot } from '../../../helpers/earshot.js';
import { JFK_WAV, testModelPath } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { startTestServer, type TestServer } from '../server/server-fixture.js';

const model = testModelPath();

/** The fields of a job that a verb decides (ids, paths and timestamps differ between the two data dirs). */
function outcome(job: Job) {
  return { status: job.status, attempts: job.attempts, errorCode: job.errorCode, progress: job.progress, offsetMs: job.offsetMs, retryAt: job.retryAt };
}

/** Records the jobs feature's 'job' events (the ones every transport forwards as `job.changed`). */
function record(earshot: Earshot): Job[] {
  const seen: Job[] = [];
  earshot.jobs.on('job', (j) => seen.push(j));
  return seen;
}

/**
 * One path per verb (issue 8): `earshot jobs cancel|retry` and `POST /api/jobs/:id/cancel|retry` call the same
 * JobsService methods, so they end in the same state with the same events. The CLI runs in this process on an
 * Earshot opened by the test (buildProgram takes the opener), the server over real HTTP; neither starts the engine,
 * so the jobs stay queued until the verbs act.
 */
describe.skipIf(!model)('CLI and REST verbs end in the same state and events', () => {
  const tempDir = useTempDir('earshot-parity-');
  let cliSide: Earshot;
  let server: TestServer;
  let cliJob: Job;
  let restJob: Job;
  const params = { formats: ['txt' as const] };
  const savedModel = process.env.EARSHOT_MODEL;

  beforeAll(async () => {
    const dir = tempDir();
    fs.copyFileSync(JFK_WAV, path.join(dir, 'jfk.wav'));
    // Both sides take the test model as their configured default ($EARSHOT_MODEL), as `earshot serve` users do.
    process.env.EARSHOT_MODEL = model!;
    cliSide = testEarshot(path.join(dir, 'data'));
    cliJob = (await cliSide.jobs.enqueue({ paths: [path.join(dir, 'jfk.wav')], params }, trustedCall())).jobs[0]!;
    server = await startTestServer({ runJobs: false });
    const res = await fetch(`${server.url}/api/transcribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: 'inbox/jfk.wav', params }),
    });
    expect(res.status).toBe(202);
    restJob = ((await res.json()) as { jobs: Job[] }).jobs[0]!;
  });
  afterAll(async () => {
    await cliSide?.close();
    await server?.close();
    if (savedModel === undefined) delete process.env.EARSHOT_MODEL;
    else process.env.EARSHOT_MODEL = savedModel;
  });

  const cli = async (...args: string[]) => {
    const program = buildProgram(() => ({ earshot: cliSide, close: async () => undefined }));
    program.exitOverride();
    await program.parseAsync(['node', 'earshot', ...args]);
  };
  const rest = async (verb: 'cancel' | 'retry') => {
    const res = await fetch(`${server.url}/api/jobs/${restJob.id}/${verb}`, { method: 'POST' });
    expect(res.status).toBe(200);
  };

  it.each(['cancel', 'retry'] as const)('jobs %s', async (verb) => {
    const cliEvents = record(cliSide);
    const restEvents = record(server.earshot);
    await cli('jobs', verb, cliJob.id);
    await rest(verb);
    const cliState = outcome(cliSide.store.require(cliJob.id));
    expect(cliState).toEqual(outcome(server.earshot.store.require(restJob.id)));
    expect(cliState.status).toBe(verb === 'cancel' ? 'cancelled' : 'queued');
    expect(cliEvents.map(outcome)).toEqual(restEvents.map(outcome));
    expect(cliEvents.map((j) => j.status)).toEqual([verb === 'cancel' ? 'cancelled' : 'queued']);
  });
});
