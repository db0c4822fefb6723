import { Alert, Button, Stack, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import type { RecordingInfo } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import type { ParamsChoice } from '../../api/client.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';
import { formatBytes } from '../../_utils/format.js';
import type { z } from 'zod';

type Info = z.infer<typeof RecordingInfo>;

/** When to ask again after start-up (ms): past the main side's 5 s idle limit for a recording that stopped sending. */
export const RECHECK_MS = 6000;

/**
 * Recordings a crash or reload left behind (`recording.listUnfinished`, asked on start-up and once more RECHECK_MS later): the main side has
 * already finalised the file; here the user chooses to transcribe it (`recording.stop` -> a job) or to hide it.
 */
export function UnfinishedRecordings({ params, disabled, onJob }: { params: ParamsChoice; disabled: boolean; onJob: (job: Job) => void }) {
  const client = useClient();
  const report = useReportError();
  const [items, setItems] = useState<Info[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const dismissed = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    const ask = () =>
      client
        .request('recordings.listUnfinished', {})
        .then((list) => {
          if (!live) return;
          setItems((held) => [...held, ...list.filter((r) => !held.some((h) => h.id === r.id) && !dismissed.current.has(r.id))]);
        })
        .catch(report);
    void ask();
    // The page that was recording may have gone away just now (a reload): the main side finalises its recording when
    // it notices the closed connection or the missing chunks, so ask once more after that has surely happened.
    const again = setTimeout(() => void ask(), RECHECK_MS);
    return () => {
      live = false;
      clearTimeout(again);
    };
  }, [client, report]);

  if (items.length === 0) return null;
  const drop = (id: string) => {
    dismissed.current.add(id);
    setItems((list) => list.filter((r) => r.id !== id));
  };
  const transcribe = (id: string) => {
    setBusy(id);
    client
      .request('recordings.stop', { id, params })
      .then(({ job }) => {
        drop(id);
        onJob(job);
      })
      .catch(report)
      .finally(() => setBusy(null));
  };

  return (
    <Alert severity="info" data-testid="unfinished-recordings">
      <Typography variant="body2" gutterBottom>
        {items.length === 1 ? 'A recording was interrupted.' : `${items.length} recordings were interrupted.`} What was saved can still be transcribed.
      </Typography>
      <Stack spacing={0.5}>
        {items.map((r) => (
          <Stack sx={{ alignItems: 'center' }} key={r.id} direction="row" spacing={1}>
            <Typography variant="body2" sx={{ flex: 1 }}>
              {new Date(r.startedAt).toLocaleString()} · {formatBytes(r.bytes)}
            </Typography>
            <Button size="small" onClick={() => transcribe(r.id)} disabled={disabled || busy !== null} data-testid="unfinished-transcribe">
              Transcribe
            </Button>
            <Button size="small" color="inherit" onClick={() => drop(r.id)}>
              Dismiss
            </Button>
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}
