import { Alert, AlertTitle, Box, Button, Card, CardContent, Chip, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { DoctorReport, DoctorTool } from '../../../../electron/shared/doctor.js';
import { useClient } from '../../api/client-context.js';
import { formatBytes } from '../../_utils/format.js';

type Loaded = { report: DoctorReport; appVersion: string | null } | { error: string };

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Card variant="outlined" component="section" data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

/** Label / value lines. */
function Facts({ rows }: { rows: Array<[string, ReactNode, string?]> }) {
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
      {rows.map(([label, value, testId]) => (
        <Box key={label} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-word' }} data-testid={testId}>
            {value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function tool(t: DoctorTool): string {
  return t.version ? `${t.version} (${t.path})` : `not working: ${t.error ?? 'unknown error'} (${t.path})`;
}

/**
 * About and diagnostics: the app version and `doctor.report`, what `earshot doctor` prints: the engine build
 * (compiled or prebuilt) with its whisper.cpp version, CPU features and threads, each GPU back end (used, or why
 * not), ffmpeg and ffprobe, the data directory, the models, and a 5-second self-test with its real-time factor.
 * A fallback to the slow prebuilt engine is shown first, as a warning that cannot be missed.
 */
export function AboutPanel() {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [run, setRun] = useState(0);
  const again = useCallback(() => setRun((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    setLoaded(null);
    Promise.all([client.request('doctor.report', {}), client.request('version.get', {}).catch(() => null)]).then(
      ([report, version]) => live && setLoaded({ report, appVersion: version?.appVersion ?? null }),
      (err: unknown) => live && setLoaded({ error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, run]);

  if (!loaded) {
    return (
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', p: 3 }} data-testid="about-loading">
        <CircularProgress size={24} />
        <Typography color="text.secondary">Checking the engine and running a 5-second self-test…</Typography>
      </Stack>
    );
  }
  if ('error' in loaded) {
    return (
      <Alert severity="error" sx={{ m: 2 }} action={<Button onClick={again}>Try again</Button>} data-testid="about-error">
        {loaded.error}
      </Alert>
    );
  }
  const { report, appVersion } = loaded;
  const { engine, selfTest } = report;
  return (
    <Stack spacing={2} sx={{ p: 2, overflow: 'auto', height: '100%', '& > *': { flexShrink: 0 } }} data-testid="about">
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'baseline' }}>
        <Typography variant="h6" component="h2">
          About Earshot
        </Typography>
        <Typography variant="body2" color="text.secondary" data-testid="about-app-version">
          {appVersion ? `version ${appVersion}` : null} · frontend {client.frontendVersion}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button size="small" onClick={again} data-testid="about-refresh">
          Run again
        </Button>
      </Stack>
      {engine.warning ? (
        <Alert severity="error" variant="filled" data-testid="about-warning">
          <AlertTitle>Slow engine</AlertTitle>
          {engine.warning}
        </Alert>
      ) : null}
      {!selfTest.ok ? (
        <Alert severity="warning" data-testid="about-selftest-failed">
          The self-test failed: {selfTest.error ?? 'no reason given'}
        </Alert>
      ) : null}
      <Section title="Engine" testId="about-engine">
        <Facts
          rows={[
            ['Build', engine.build ? <Chip size="small" color={engine.build === 'compiled' ? 'success' : 'warning'} label={engine.build} /> : 'not run on the CPU', 'about-engine-build'],
            ['Variant', engine.variant ?? '–'],
            ['whisper.cpp', engine.whisperCpp ?? 'unknown', 'about-whisper-version'],
            ['CPU features (build)', engine.cpuFeatures.join(', ') || '–'],
            ['CPU flags (this machine)', engine.cpuFlags.join(', ') || '–'],
            ['Threads', `${engine.threads} (${engine.threadSource})`, 'about-threads'],
            ['Runs as', engine.detail ?? '–'],
          ]}
        />
        {engine.compiled.length ? (
          <Table size="small" sx={{ mt: 1.5 }} aria-label="Compiled builds">
            <TableHead>
              <TableRow>
                <TableCell>Compiled variant</TableCell>
                <TableCell>State</TableCell>
                <TableCell>whisper.cpp</TableCell>
                <TableCell>Features</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {engine.compiled.map((v) => (
                <TableRow key={v.variant}>
                  <TableCell>{v.variant}</TableCell>
                  <TableCell>{v.state === 'failed' ? `failed: ${v.reason ?? ''}` : v.state}</TableCell>
                  <TableCell>{v.whisperCpp ?? '–'}</TableCell>
                  <TableCell>{v.cpuFeatures.join(', ') || '–'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Section>
      <Section title="GPU back ends" testId="about-gpus">
        {report.gpus.map((g) => (
          <Typography key={g.backend} variant="body2" data-testid="about-gpu" data-backend={g.backend} data-used={g.used ? 'true' : 'false'}>
            <b>{g.backend.toUpperCase()}</b>: {g.used ? 'used' : 'not used'} — {g.detail}
          </Typography>
        ))}
      </Section>
      <Section title="Self-test" testId="about-selftest">
        <Facts
          rows={[
            ['Result', selfTest.ok ? 'passed' : 'failed', 'about-selftest-result'],
            ['Backend', selfTest.backend ?? '–'],
            ['Model', selfTest.model ?? '–'],
            ['Real-time factor', selfTest.rtf !== null ? `${selfTest.rtf.toFixed(3)} (whisper ${Math.round(selfTest.whisperMs ?? 0)} ms for ${(selfTest.audioMs / 1000).toFixed(1)} s of audio)` : '–', 'about-selftest-rtf'],
            ['Heard', selfTest.text ?? '–'],
          ]}
        />
      </Section>
      <Section title="Tools and data" testId="about-tools">
        <Facts
          rows={[
            ['ffmpeg', tool(report.ffmpeg), 'about-ffmpeg'],
            ['ffprobe', tool(report.ffprobe)],
            ['Data directory', report.dataDir, 'about-data-dir'],
          ]}
        />
      </Section>
      <Section title="Models" testId="about-models">
        {report.models.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No model is installed.
          </Typography>
        ) : (
          report.models.map((m) => (
            <Typography key={m.name} variant="body2" data-testid="about-model">
              <b>{m.name}</b>
              {m.isDefault ? ' (default)' : ''} — {m.bytes !== null ? formatBytes(m.bytes) : 'size unknown'} · {m.path ?? 'not installed'}
            </Typography>
          ))
        )}
      </Section>
    </Stack>
  );
}
