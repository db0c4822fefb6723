import { Box, Typography } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { VirtualRow } from '../../_utils/virtual-row.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '../../../../electron/shared/jobs.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';
import { JobCard } from './job-card.js';
import type { JobsStore } from './jobs-store.js';

/** Estimated card height before measuring (px); cards with an open transcript are measured as they render. */
const ESTIMATED_CARD_PX = 150;
const GAP_PX = 8;

/** Epoch ms, refreshed every `everyMs` while `active` (for ETAs); frozen otherwise. */
function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [active, everyMs]);
  return now;
}

/**
 * The job cards, in display order (see job-sorting.ts), as a virtualised list (@tanstack/react-virtual): only the
 * cards in view are in the DOM, so a thousand jobs scroll smoothly. Heights are measured, so a card whose
 * transcript is open simply grows.
 */
export function JobList({ jobs, store, disabled, openJobId }: { jobs: Job[]; store: JobsStore; disabled: boolean; openJobId?: string | null }) {
  const client = useClient();
  const report = useReportError();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const now = useNow(jobs.some((j) => j.status === 'running' || (j.status === 'failed' && j.retryAt !== null)));

  useEffect(() => {
    if (openJobId) setExpanded((s) => new Set(s).add(openJobId));
  }, [openJobId]);

  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_CARD_PX,
    getItemKey: (i) => jobs[i]?.id ?? i,
    gap: GAP_PX,
    overscan: 4,
  });

  const onToggleTranscript = useCallback(
    (id: string) =>
      setExpanded((s) => {
        const next = new Set(s);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const onCancel = useCallback((id: string) => void client.request('jobs.cancel', { id }).then((j) => store.upsert(j), report), [client, store, report]);
  const onRetry = useCallback((id: string) => void client.request('jobs.retry', { id }).then((j) => store.upsert(j), report), [client, store, report]);
  const onRemove = useCallback((id: string) => void client.request('jobs.delete', { id }).then(() => store.remove(id), report), [client, store, report]);

  if (jobs.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ p: 2 }} data-testid="jobs-empty">
        No jobs yet. Record something, or drop audio and video files here.
      </Typography>
    );
  }

  return (
    <Box ref={scrollRef} sx={{ flex: 1, minHeight: 0, overflow: 'auto', pr: 0.5 }} data-testid="job-list" role="list" aria-label="Jobs">
      <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const job = jobs[item.index];
          if (!job) return null;
          return (
            <VirtualRow key={item.key} item={item} measure={virtualizer.measureElement}>
              <JobCard
                job={job}
                now={now}
                expanded={expanded.has(job.id)}
                disabled={disabled}
                onToggleTranscript={onToggleTranscript}
                onCancel={onCancel}
                onRetry={onRetry}
                onRemove={onRemove}
              />
            </VirtualRow>
          );
        })}
      </Box>
    </Box>
  );
}
