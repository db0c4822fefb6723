import { Box, Card, CardContent, Stack, Typography } from '@mui/material';
import { type RefObject, useMemo } from 'react';
import type { Job } from '../../../../electron/shared/jobs.js';
import type { FiltersChoice, ParamsChoice, SubmitResult } from '../../api/client.js';
import type { AudioInput } from '../recordings/use-audio-inputs.js';
import { RecorderPanel } from '../recordings/recorder-panel.js';
import { UnfinishedRecordings } from '../recordings/unfinished-recordings.js';
import type { Recorder } from '../recordings/use-recorder.js';
import { JobParamsForm } from '../settings/job-params-form.js';
import type { Settings } from '../settings/use-settings.js';
import { type DropZoneHandle, DropZone } from './drop-zone.js';
import { InputFiltersForm } from './input-filters-form.js';
import type { FilterFields } from './input-filters.js';
import { JobList } from './job-list.js';
import type { JobsStore } from './jobs-store.js';

export interface QueueViewProps {
  jobs: Job[];
  store: JobsStore;
  disabled: boolean;
  settings: Settings | null;
  params: ParamsChoice;
  onParams: (params: ParamsChoice) => void;
  filtersOn: boolean;
  onFiltersOn: (on: boolean) => void;
  filterFields: FilterFields;
  onFilterFields: (fields: FilterFields) => void;
  filters: FiltersChoice;
  recorder: Recorder;
  inputs: AudioInput[];
  deviceId: string;
  onDeviceChange: (id: string) => void;
  onJob: (job: Job) => void;
  onSubmitted: (result: SubmitResult) => void;
  dropZone: RefObject<DropZoneHandle | null>;
  openJobId: string | null;
}

/**
 * The queue: on the left the recorder, unfinished recordings and new jobs (parameters, filters, drop zone); on the
 * right the job cards with their live transcripts. Its state lives in the app, so switching views never stops a
 * recording or forgets the choices.
 */
export function QueueView(p: QueueViewProps) {
  const counts = useMemo(() => {
    const c = { running: 0, queued: 0 };
    for (const j of p.jobs) if (j.status === 'running' || j.status === 'queued') c[j.status]++;
    return c;
  }, [p.jobs]);

  return (
    <Box
      sx={{
        height: '100%',
        minHeight: 0,
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', md: '400px 1fr' },
        gridTemplateRows: { xs: 'auto minmax(400px, 1fr)', md: '1fr' },
        gap: 2,
        p: 2,
        overflow: { xs: 'auto', md: 'hidden' },
      }}
      data-testid="queue"
    >
      <Stack spacing={2} sx={{ overflow: { md: 'auto' }, minHeight: 0 }}>
        <UnfinishedRecordings params={p.params} disabled={p.disabled} onJob={p.onJob} />
        <RecorderPanel recorder={p.recorder} inputs={p.inputs} deviceId={p.deviceId} onDeviceChange={p.onDeviceChange} disabled={p.disabled} />
        <Card variant="outlined" component="section" aria-labelledby="new-jobs-title">
          <CardContent>
            <Stack spacing={2}>
              <Typography id="new-jobs-title" variant="h6" component="h2">
                New jobs
              </Typography>
              <JobParamsForm settings={p.settings} value={p.params} onChange={p.onParams} disabled={p.disabled} />
              <InputFiltersForm enabled={p.filtersOn} onEnabledChange={p.onFiltersOn} value={p.filterFields} onChange={p.onFilterFields} disabled={p.disabled} />
              <DropZone params={p.params} filters={p.filters} disabled={p.disabled} onSubmitted={p.onSubmitted} handle={p.dropZone} />
            </Stack>
          </CardContent>
        </Card>
      </Stack>
      <Box component="section" aria-labelledby="jobs-title" sx={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'baseline', mb: 1 }}>
          <Typography id="jobs-title" variant="h6" component="h2">
            Jobs
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="job-counts">
            {p.jobs.length} total · {counts.running} running · {counts.queued} queued
          </Typography>
        </Stack>
        <JobList jobs={p.jobs} store={p.store} disabled={p.disabled} openJobId={p.openJobId} />
      </Box>
    </Box>
  );
}
