import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Job } from '../../../../electron/shared/jobs.js';
import { JOBS_PAGE_MAX } from '../../../../electron/shared/contract.js';
import type { EarshotClient } from '../../api/client.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';
import { JobsStore } from './jobs-store.js';

/** Jobs per `jobs.list` page: the host's largest page, so a long history loads in few requests. */
export const LIST_PAGE = JOBS_PAGE_MAX;

/**
 * Every job the host holds, newest first, fetched page by page (`jobs.list` with the previous page's cursor) until
 * the last page or until `isLive()` turns false. Rejects with the ClientError of the first page that fails.
 */
export async function listAllJobs(client: Pick<EarshotClient, 'request'>, isLive: () => boolean = () => true, pageSize: number = LIST_PAGE): Promise<Job[]> {
  const all: Job[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.request('jobs.list', { limit: pageSize, ...(cursor ? { cursor } : {}) });
    all.push(...page.jobs);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && isLive());
  return all;
}

/**
 * Keeps a JobsStore in step with the host: every page of `jobs.list` on mount and after every reconnect (events may have been
 * missed), then `job.changed`, `job.progress` and `job.removed` events. Returns the store and its sorted snapshot.
 */
export function useJobs(): { store: JobsStore; jobs: Job[] } {
  const client = useClient();
  const report = useReportError();
  const store = useMemo(() => new JobsStore(), []);
  useEffect(() => {
    let live = true;
    let lost = false;
    const load = () =>
      listAllJobs(client, () => live)
        .then((list) => live && store.reset(list))
        .catch(report);
    const offs = [
      client.on('job.changed', (job) => store.upsert(job)),
      client.on('job.progress', (p) => store.progress(p)),
      client.on('job.removed', ({ id }) => store.remove(id)),
      client.onConnection((state) => {
        if (state === 'closed') lost = true;
        if (state === 'open' && lost) {
          lost = false;
          void load();
        }
      }),
    ];
    void load();
    return () => {
      live = false;
      offs.forEach((off) => off());
    };
  }, [client, store, report]);
  const jobs = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return { store, jobs };
}
