import { Box, Button, Divider, Menu, MenuItem, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { BeatLoader } from 'react-spinners';
import type { Job } from '../../../../electron/shared/jobs.js';
import { useClient } from '../../api/client-context.js';
import { routeHash } from '../../app/route.js';
import { useNotify, useReportError } from '../../_utils/notices.js';
import { formatTimestamp } from '../../_utils/format.js';
import { EXPORT_FORMATS, exportTranscript } from './export-transcript.js';
import { transcriptText } from './merge-segments.js';
import { useTranscript } from './use-transcript.js';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Clipboard API missing (an insecure origin): the old selection route still works on user gesture.
  const area = document.createElement('textarea');
  area.value = text;
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/**
 * A job's transcript, in place under its card: segments with timestamps (live ones dimmed until committed), a
 * spinner while the job still runs, copy, open in the editor, export TXT/SRT/VTT/JSON, and "open folder" where the
 * host can (Electron).
 */
export function TranscriptView({ job, disabled }: { job: Job; disabled: boolean }) {
  const client = useClient();
  const notify = useNotify();
  const report = useReportError();
  const { lines, loading } = useTranscript(job);
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const active = job.status === 'running' || job.status === 'queued';
  const firstOutput = Object.values(job.outputs)[0];
  const showInFolder = client.showInFolder;

  return (
    <Box data-testid="transcript" data-job-id={job.id} sx={{ px: 2, pb: 2 }}>
      <Divider sx={{ mb: 1 }} />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle2" sx={{ flex: 1 }}>
          Transcript
        </Typography>
        <Button size="small" disabled={lines.length === 0} onClick={() => copyText(transcriptText(lines)).then(() => notify('success', 'Transcript copied.'), report)} data-testid="transcript-copy">
          Copy
        </Button>
        <Button size="small" disabled={job.status !== 'completed' && job.status !== 'running'} href={routeHash({ view: 'editor', jobId: job.id, atMs: null, play: false })} data-testid="transcript-open-editor">
          Open in editor
        </Button>
        <Button size="small" disabled={disabled || job.status !== 'completed'} onClick={(e) => setMenu(e.currentTarget)} data-testid="transcript-export">
          Export…
        </Button>
        <Menu anchorEl={menu} open={menu !== null} onClose={() => setMenu(null)}>
          {EXPORT_FORMATS.map((f) => (
            <MenuItem
              key={f}
              data-testid={`transcript-export-${f}`}
              onClick={() => {
                setMenu(null);
                exportTranscript(client, job, f).then((saved) => saved && notify('success', `Saved ${saved}`), report);
              }}
            >
              {f.toUpperCase()}
            </MenuItem>
          ))}
        </Menu>
        {showInFolder && firstOutput ? (
          <Button size="small" disabled={disabled} onClick={() => showInFolder(firstOutput).catch(report)} data-testid="transcript-open-folder">
            Open folder
          </Button>
        ) : null}
      </Stack>
      <Box sx={{ maxHeight: 320, overflow: 'auto' }}>
        {lines.map((l) => (
          <Stack key={`${l.t0Ms}-${l.committed ? 'c' : 'l'}`} direction="row" spacing={1.5} sx={{ py: 0.25, opacity: l.committed ? 1 : 0.7 }} data-testid="transcript-segment">
            <Typography variant="caption" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums', pt: 0.25, minWidth: '4.5em' }}>
              {formatTimestamp(l.t0Ms)}
            </Typography>
            <Typography variant="body2" data-testid="transcript-text">
              {l.text.trim()}
            </Typography>
          </Stack>
        ))}
        {active ? (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', py: 1 }} data-testid="transcript-pending">
            <BeatLoader size={8} color="currentColor" />
            <Typography variant="caption" color="text.secondary">
              {job.status === 'queued' ? 'Waiting for its turn…' : 'Transcribing…'}
            </Typography>
          </Stack>
        ) : null}
        {!active && !loading && lines.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {job.status === 'completed' ? 'No speech was found.' : 'No transcript.'}
          </Typography>
        ) : null}
      </Box>
    </Box>
  );
}
