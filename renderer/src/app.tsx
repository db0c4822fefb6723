import { AppBar, Box, CssBaseline, Tab as TabButton, Tabs, ThemeProvider, Toolbar, Typography } from '@mui/material';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SearchHit } from '../../electron/shared/contract.js';
import type { Job } from '../../electron/shared/jobs.js';
import { type ClientError, type ParamsChoice, type SubmitResult } from './api/client.js';
import { ClientProvider, useActionsDisabled, useClient } from './api/client-context.js';
import type { VersionGate } from './api/version-gate.js';
import { ConnectionChip } from './app/connection-chip.js';
import { type Route, type Tab, TABS, tabOf, useRoute } from './app/route.js';
import { useSystemTheme } from './app/theme.js';
import { VersionSnackbar } from './app/version-snackbar.js';
import { NoticeProvider, useNotify, useReportError } from './_utils/notices.js';
import { AboutPanel } from './features/doctor/about-panel.js';
import { EditorView } from './features/editor/editor-view.js';
import type { DropZoneHandle } from './features/jobs/drop-zone.js';
import { NO_FILTERS, toFilters } from './features/jobs/input-filters.js';
import { QueueView } from './features/jobs/queue-view.js';
import { useJobs } from './features/jobs/use-jobs.js';
import { useShortcuts } from './features/keyboard/use-shortcuts.js';
import { DEFAULT_LIBRARY_ORDER, type LibraryOrder, LibraryView } from './features/library/library-view.js';
import { useAudioInputs } from './features/recordings/use-audio-inputs.js';
import { useRecorder } from './features/recordings/use-recorder.js';
import { SearchView } from './features/search/search-view.js';
import { DEFAULT_PARAMS } from './features/settings/job-params-form.js';
import { useSettings } from './features/settings/use-settings.js';
import { WatchFoldersPanel } from './features/watch/watch-folders.js';

const TAB_LABELS: Record<Tab, string> = { queue: 'Queue', library: 'Library', search: 'Search', watch: 'Watch', about: 'About' };

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

/**
 * The app bar with its views (Queue, Library, Search, Watch, About; the editor opens from the library and from search)
 * and the view the route names. The queue stays mounted while another view shows, so a recording goes on and Ctrl+O
 * still reaches its file picker; Space toggles recording only while the queue is showing (the editor uses it to play).
 */
function Workspace() {
  const client = useClient();
  const disabled = useActionsDisabled();
  const notify = useNotify();
  const report = useReportError();
  const settings = useSettings();
  const { store, jobs } = useJobs();
  const [route, go] = useRoute();
  const [params, setParams] = useState<ParamsChoice>(DEFAULT_PARAMS);
  const [filtersOn, setFiltersOn] = useState(false);
  const [filterFields, setFilterFields] = useState(NO_FILTERS);
  const filters = useMemo(() => (filtersOn ? toFilters(filterFields) : {}), [filtersOn, filterFields]);
  const [deviceId, setDeviceId] = useState('');
  const [openJobId, setOpenJobId] = useState<string | null>(null);
  const [libraryOrder, setLibraryOrder] = useState<LibraryOrder>(DEFAULT_LIBRARY_ORDER);
  const { inputs, refresh: refreshInputs } = useAudioInputs();
  const dropZone = useRef<DropZoneHandle>(null);
  const onQueue = route.view === 'queue';
  // The view the editor was opened from (library or search): its tab stays lit, and "back" returns to it.
  const [opener, setOpener] = useState<Route>({ view: 'library' });
  if (route.view !== 'editor' && (route.view !== opener.view || (route.view === 'search' && opener.view === 'search' && route.query !== opener.query))) setOpener(route);
  // The last query searched, for the search tab to come back to.
  const [lastQuery, setLastQuery] = useState('');
  if (route.view === 'search' && route.query !== lastQuery) setLastQuery(route.query);

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
  useShortcuts(
    {
      toggleRecording: onQueue ? recorder.toggle : null,
      // The picker belongs to the queue: show it, so the new jobs are in view.
      openFiles: () => {
        if (!onQueue) go({ view: 'queue' });
        dropZone.current?.openFiles();
      },
    },
    disabled,
  );

  const openEditor = useCallback((jobId: string) => go({ view: 'editor', jobId, atMs: null, play: false }), [go]);
  const openHit = useCallback((hit: SearchHit) => go({ view: 'editor', jobId: hit.jobId, atMs: hit.t0Ms, play: hit.t0Ms !== null }), [go]);
  const onQuery = useCallback((query: string) => go({ view: 'search', query }, { replace: true }), [go]);
  const upsert = useCallback((job: Job) => store.upsert(job), [store]);

  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column' }} data-testid="app" data-transport={client.transport} data-view={route.view}>
      <AppBar position="static" color="default" elevation={0} sx={{ borderBottom: 1, borderColor: 'divider' }}>
        <Toolbar variant="dense" sx={{ gap: 1.5 }}>
          <Typography variant="h6" component="h1" sx={{ fontWeight: 600 }}>
            Earshot
          </Typography>
          <Tabs value={tabOf(route.view === 'editor' ? opener : route)} onChange={(_e, tab: Tab) => go(tabRoute(tab, lastQuery))} sx={{ flex: 1, minHeight: 48 }} aria-label="Views">
            {TABS.map((t) => (
              <TabButton key={t} value={t} label={TAB_LABELS[t]} data-testid={`nav-${t}`} sx={{ minHeight: 48 }} />
            ))}
          </Tabs>
          <ConnectionChip />
          <Typography variant="caption" color="text.secondary" data-testid="frontend-version">
            v{client.frontendVersion}
          </Typography>
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ flex: 1, minHeight: 0, position: 'relative' }}>
        <Box sx={{ display: onQueue ? 'block' : 'none', height: '100%' }} aria-hidden={!onQueue}>
          <QueueView
            jobs={jobs}
            store={store}
            disabled={disabled}
            settings={settings}
            params={params}
            onParams={setParams}
            filtersOn={filtersOn}
            onFiltersOn={setFiltersOn}
            filterFields={filterFields}
            onFilterFields={setFilterFields}
            filters={filters}
            recorder={recorder}
            inputs={inputs}
            deviceId={deviceId}
            onDeviceChange={setDeviceId}
            onJob={onJob}
            onSubmitted={onSubmitted}
            dropZone={dropZone}
            openJobId={openJobId}
          />
        </Box>
        {route.view === 'library' ? <LibraryView jobs={jobs} disabled={disabled} order={libraryOrder} onOrder={setLibraryOrder} onOpen={openEditor} onSaved={upsert} /> : null}
        {route.view === 'editor' ? (
          <EditorView
            key={route.jobId}
            jobId={route.jobId}
            atMs={route.atMs}
            play={route.play}
            disabled={disabled}
            backLabel={opener.view === 'search' ? 'Search' : 'Library'}
            onBack={() => go(opener.view === 'search' ? opener : { view: 'library' })}
            onOpened={() => go({ view: 'editor', jobId: route.jobId, atMs: null, play: false }, { replace: true })}
          />
        ) : null}
        {route.view === 'search' ? <SearchView query={route.query} onQuery={onQuery} onOpen={openHit} /> : null}
        {route.view === 'watch' ? <WatchFoldersPanel settings={settings} disabled={disabled} /> : null}
        {route.view === 'about' ? <AboutPanel /> : null}
      </Box>
    </Box>
  );
}

/** Where a tab goes: the search tab comes back with the last query searched. */
function tabRoute(tab: Tab, lastQuery: string): Route {
  switch (tab) {
    case 'search':
      return { view: 'search', query: lastQuery };
    case 'queue':
    case 'library':
    case 'watch':
    case 'about':
      return { view: tab };
    default: {
      const never: never = tab;
      return never;
    }
  }
}
