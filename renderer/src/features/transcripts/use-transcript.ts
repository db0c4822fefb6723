import { useEffect, useMemo, useState } from 'react';
import { type Job, type Segment, TERMINAL_STATUSES } from '../../../../electron/shared/jobs.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';
import { type TranscriptLine, mergeSegments } from './merge-segments.js';

type LiveSegment = { t0Ms: number; t1Ms: number; text: string };

/**
 * The transcript of `job`, live: committed segments from `jobs.get` (fetched again whenever another window is
 * committed or the status changes) plus `job.segments` events while it runs. `loading` is true until the first answer.
 */
export function useTranscript(job: Job): { lines: TranscriptLine[]; loading: boolean } {
  const client = useClient();
  const report = useReportError();
  const [committed, setCommitted] = useState<Segment[] | null>(null);
  const [live, setLive] = useState<LiveSegment[]>([]);

  useEffect(
    () =>
      client.on('job.segments', (ev) => {
        if (ev.jobId === job.id) setLive((prev) => [...prev, ...ev.segments]);
      }),
    [client, job.id],
  );

  useEffect(() => {
    let current = true;
    client
      .request('jobs.get', { id: job.id })
      .then(({ segments }) => {
        if (!current) return;
        setCommitted(segments);
        const end = segments.reduce((m, s) => Math.max(m, s.t1Ms), 0);
        setLive((prev) => prev.filter((s) => s.t0Ms >= end));
      })
      .catch((err: unknown) => {
        if (current) setCommitted([]);
        report(err);
      });
    return () => {
      current = false;
    };
  }, [client, report, job.id, job.status, job.windowsDone]);

  // Once the job is over, the committed segments are the transcript: live ones past them were clipped or superseded.
  const over = TERMINAL_STATUSES.includes(job.status);
  const lines = useMemo(() => mergeSegments(committed ?? [], over ? [] : live), [committed, live, over]);
  return { lines, loading: committed === null };
}
