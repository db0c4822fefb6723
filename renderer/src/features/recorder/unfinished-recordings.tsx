import { Alert, Button, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { RecordingInfo } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import type { ParamsChoice } from '../../api/client.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';
import { formatBytes } from '../../_utils/format.js';
import type { z } from 'zod';

type Info = z.infer<typeof RecordingInfo>;

/**
 * Recordings a crash or reload left behind (`recording.listUnfinished`, asked once on start-up): the main side has
 * already finalised the file; here the user chooses to transcribe it (`recording.stop` -> a job) or to hide it.
 */
export function UnfinishedRecordings({ params, disabled, onJob }: { params: ParamsChoice; disabled: boolean; onJob: (job: Job) => void }) {
  const client = useClient();
  const report = useReportError();
  const [items, setItems] = useState<Info[]>([]);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client
      .request('recording.listUnfinished', {})
      .then((list) => live && setItems(list))
      .catch(report);
    return () => {
      live = false;
    };
  }, [client, report]);

  if (items.length === 0) return null;
  const drop = (id: string) => setItems((list) => list.filter((r) => r.id !== id));
  const transcribe = (id: string) => {
    setBusy(id);
    client
      .request('recording.stop', { id, params })
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
            <Button size="small" onClick={() => transcribe(r.id)} disabled={disabled || busy !== null}>
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
