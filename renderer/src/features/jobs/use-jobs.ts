import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Job } from '../../../../electron/shared/jobs.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';
import { JobsStore } from './jobs-store.js';

/** How many jobs the first list asks for (the list is virtualised; older ones stay in the store on disk). */
export const LIST_LIMIT = 5000;

/**
 * Keeps a JobsStore in step with the host: `jobs.list` on mount and after every reconnect (events may have been
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
      client
        .request('jobs.list', { limit: LIST_LIMIT })
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
