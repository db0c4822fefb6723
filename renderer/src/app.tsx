import { AppBar, Box, Card, CardContent, CssBaseline, Stack, ThemeProvider, Toolbar, Typography } from '@mui/material';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Job } from '../../electron/shared/jobs.js';
import { type ClientError, type ParamsChoice, type SubmitResult } from './api/client.js';
import { ClientProvider, useActionsDisabled, useClient } from './api/client-context.js';
import type { VersionGate } from './api/version-gate.js';
import { ConnectionChip } from './app/connection-chip.js';
import { useSystemTheme } from './app/theme.js';
import { VersionSnackbar } from './app/version-snackbar.js';
import { NoticeProvider, useNotify, useReportError } from './_utils/notices.js';
import { type DropZoneHandle, DropZone } from './features/jobs/drop-zone.js';
import { InputFiltersForm } from './features/jobs/input-filters-form.js';
import { NO_FILTERS, toFilters } from './features/jobs/input-filters.js';
import { JobList } from './features/jobs/job-list.js';
import { useJobs } from './features/jobs/use-jobs.js';
import { useShortcuts } from './features/keyboard/use-shortcuts.js';
import { RecorderPanel } from './features/recordings/recorder-panel.js';
import { UnfinishedRecordings } from './features/recordings/unfinished-recordings.js';
import { useAudioInputs } from './features/recordings/use-audio-inputs.js';
import { useRecorder } from './features/recordings/use-recorder.js';
import { JobParamsForm } from './features/settings/job-params-form.js';
import { useSettings } from './features/settings/use-settings.js';

/** The whole window: theme, notices, the version gate's snackbar and the workspace. */
export function App({ client }: { client: VersionGate }) {
  const theme = useSystemTheme();
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <ClientProvider client={client}>
        <NoticeProvider>
          <VersionSnackbar />
          <Workspace />
        </NoticeProvider>
      </ClientProvider>
    </ThemeProvider>
  );
}

function Workspace() {
  const client = useClient();
  const disabled = useActionsDisabled();
  const notify = useNotify();
  const report = useReportError();
  const settings = useSettings();
  const { store, jobs } = useJobs();
  const [params, setParams] = useState<ParamsChoice>({ language: 'auto', task: 'transcribe' });
  const [filtersOn, setFiltersOn] = useState(false);
  const [filterFields, setFilterFields] = useState(NO_FILTERS);
  const filters = useMemo(() => (filtersOn ? toFilters(filterFields) : {}), [filtersOn, filterFields]);
  const [deviceId, setDeviceId] = useState('');
  const [openJobId, setOpenJobId] = useState<string | null>(null);
  const { inputs, refresh: refreshInputs } = useAudioInputs();
  const dropZone = useRef<DropZoneHandle>(null);

  const onJob = useCallback(
    (job: Job) => {
      store.upsert(job);
      setOpenJobId(job.id);
      notify('success', 'Recording saved; transcribing.');
    },
    [store, notify],
  );
  const onSubmitted = useCallback(
    (result: SubmitResult) => {
      result.jobs.forEach((j) => store.upsert(j));
      if (result.jobs.length === 1 && result.jobs[0]) setOpenJobId(result.jobs[0].id);
    },
    [store],
  );
  const recorder = useRecorder({ deviceId, params, onJob, onError: (err: ClientError) => report(err), onPermission: refreshInputs });
  useShortcuts({ toggleRecording: recorder.toggle, openFiles: () => dropZone.current?.openFiles() }, disabled);

  const counts = useMemo(() => {
    const c = { running: 0, queued: 0 };
    for (const j of jobs) if (j.status === 'running' || j.status === 'queued') c[j.status]++;
    return c;
  }, [jobs]);

  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column' }} data-testid="app" data-transport={client.transport}>
      <AppBar position="static" color="default" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider' }}>
        <Toolbar variant="dense" sx={{ gap: 1.5 }}>
          <Typography variant="h6" component="h1" sx={{ fontWeight: 600 }}>
            Earshot
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
            Offline transcription
          </Typography>
          <ConnectionChip />
          <Typography variant="caption" color="text.secondary" data-testid="frontend-version">
            v{client.frontendVersion}
          </Typography>
        </Toolbar>
      </AppBar>
      <Box
        component="main"
        sx={{
          flex: 1,
          minHeight: 0,
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', md: '400px 1fr' },
          gridTemplateRows: { xs: 'auto minmax(400px, 1fr)', md: '1fr' },
          gap: 2,
          p: 2,
          overflow: { xs: 'auto', md: 'hidden' },
        }}
      >
        <Stack spacing={2} sx={{ overflow: { md: 'auto' }, minHeight: 0 }}>
          <UnfinishedRecordings params={params} disabled={disabled} onJob={onJob} />
          <RecorderPanel recorder={recorder} inputs={inputs} deviceId={deviceId} onDeviceChange={setDeviceId} disabled={disabled} />
          <Card variant="outlined" component="section" aria-labelledby="new-jobs-title">
            <CardContent>
              <Stack spacing={2}>
                <Typography id="new-jobs-title" variant="h6" component="h2">
                  New jobs
                </Typography>
                <JobParamsForm settings={settings} value={params} onChange={setParams} disabled={disabled} />
                <InputFiltersForm enabled={filtersOn} onEnabledChange={setFiltersOn} value={filterFields} onChange={setFilterFields} disabled={disabled} />
                <DropZone params={params} filters={filters} disabled={disabled} onSubmitted={onSubmitted} handle={dropZone} />
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
              {jobs.length} total · {counts.running} running · {counts.queued} queued
            </Typography>
          </Stack>
          <JobList jobs={jobs} store={store} disabled={disabled} openJobId={openJobId} />
        </Box>
      </Box>
    </Box>
  );
}
