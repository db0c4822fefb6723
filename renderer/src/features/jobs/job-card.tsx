import { Box, Button, Card, CardActions, CardContent, Chip, LinearProgress, Stack, Tooltip, Typography } from '@mui/material';
import { memo } from 'react';
import { ClipLoader } from 'react-spinners';
import type { Job, JobStatus } from '../../../../electron/shared/jobs.js';
import { baseName, formatDuration } from '../../_utils/format.js';
import { TranscriptView } from '../transcripts/transcript-view.js';
import { jobTiming } from './job-timing.js';

/**
 * The card's title: the one the user gave the transcript (transcripts.setTitle), else the file name, or "Recording
 * <local date and time>" for a recording (its file is named by id).
 */
export function jobTitle(job: Pick<Job, 'title' | 'sourcePath' | 'sourceKind' | 'createdAt'>): string {
  if (job.title && job.title !== baseName(job.sourcePath)) return job.title;
  if (job.sourceKind === 'recording') return `Recording ${new Date(job.createdAt).toLocaleString()}`;
  return baseName(job.sourcePath);
}

type ChipColor = 'default' | 'primary' | 'success' | 'error' | 'warning' | 'info';
const STATUS_COLOR: Record<JobStatus, ChipColor> = {
  running: 'primary',
  queued: 'info',
  failed: 'error',
  completed: 'success',
  cancelled: 'default',
};

export interface JobCardProps {
  job: Job;
  /** Epoch ms, for the ETA while running. */
  now: number;
  expanded: boolean;
  disabled: boolean;
  onToggleTranscript: (id: string) => void;
  onCancel: (id: string) => void;
  onRetry: (id: string) => void;
  onRemove: (id: string) => void;
}

/**
 * One job: file name, status chip, progress bar with percent, a spinner while running, ETA and real-time factor,
 * the backend that ran it, the error of a failed job, and cancel / retry / remove. "Transcript" opens the
 * transcript in place, live while the job runs (seed 000: the transcribe button shows its transcript in place).
 */
export const JobCard = memo(function JobCard({ job, now, expanded, disabled, onToggleTranscript, onCancel, onRetry, onRemove }: JobCardProps) {
  const { etaMs, rtf } = jobTiming(job, now);
  const percent = Math.round(job.progress * 100);
  const running = job.status === 'running';
  const canCancel = job.status === 'queued' || running;
  const canRetry = job.status === 'failed' || job.status === 'cancelled';
  const name = jobTitle(job);
  return (
    <Card variant="outlined" data-testid="job-card" data-job-id={job.id} data-status={job.status} data-source-kind={job.sourceKind} aria-label={`Job ${name}`}>
      <CardContent sx={{ pb: 1 }}>
        <Stack sx={{ alignItems: 'center' }} direction="row" spacing={1}>
          {running ? <ClipLoader size={18} color="currentColor" aria-label="Transcribing" data-testid="job-spinner" /> : null}
          <Tooltip title={job.sourcePath}>
            <Typography variant="subtitle1" noWrap sx={{ flex: 1, minWidth: 0, fontWeight: 500 }} data-testid="job-name">
              {name}
            </Typography>
          </Tooltip>
          {job.backend ? (
            <Tooltip title={job.backendNote ?? `Ran on ${job.backend.toUpperCase()}`}>
              <Chip size="small" variant="outlined" label={job.backend.toUpperCase()} data-testid="job-backend" />
            </Tooltip>
          ) : null}
          <Chip size="small" color={STATUS_COLOR[job.status]} label={job.status} data-testid="job-status" />
        </Stack>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 1 }}>
          <LinearProgress
            variant="determinate"
            value={percent}
            color={job.status === 'failed' ? 'error' : job.status === 'completed' ? 'success' : 'primary'}
            sx={{ flex: 1, height: 6, borderRadius: 1 }}
            aria-label={`Progress of ${name}`}
            data-testid="job-progress"
          />
          <Typography variant="body2" sx={{ minWidth: '3em', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }} data-testid="job-percent">
            {percent}%
          </Typography>
        </Stack>
        <Stack direction="row" spacing={2} sx={{ mt: 0.5 }}>
          {etaMs !== null ? (
            <Typography variant="caption" color="text.secondary" data-testid="job-eta">
              ETA {formatDuration(etaMs)}
            </Typography>
          ) : null}
          {rtf !== null ? (
            <Tooltip title="Real-time factor: processing time / audio time (lower is faster)">
              <Typography variant="caption" color="text.secondary" data-testid="job-rtf">
                RTF {rtf.toFixed(2)}
              </Typography>
            </Tooltip>
          ) : null}
          {job.durationMs !== null ? (
            <Typography variant="caption" color="text.secondary">
              {formatDuration(job.durationMs)} of audio
            </Typography>
          ) : null}
          {job.status === 'failed' && job.retryAt !== null && job.retryAt > now ? (
            <Typography variant="caption" color="text.secondary">
              retrying in {formatDuration(job.retryAt - now)}
            </Typography>
          ) : null}
        </Stack>
        {job.status === 'failed' && job.errorMessage ? (
          <Typography variant="body2" color="error" sx={{ mt: 0.5, wordBreak: 'break-word' }} data-testid="job-error">
            {job.errorCode ? `${job.errorCode}: ` : ''}
            {job.errorMessage}
          </Typography>
        ) : null}
        {(job.notes ?? []).map((note) => (
          <Typography key={note} variant="body2" color="warning.main" sx={{ mt: 0.5, wordBreak: 'break-word' }} data-testid="job-note">
            {note}
          </Typography>
        ))}
      </CardContent>
      <CardActions sx={{ pt: 0 }}>
        <Button size="small" onClick={() => onToggleTranscript(job.id)} aria-expanded={expanded} data-testid="job-transcript-toggle">
          {expanded ? 'Hide transcript' : 'Transcript'}
        </Button>
        <Box sx={{ flex: 1 }} />
        {canCancel ? (
          <Button size="small" color="warning" onClick={() => onCancel(job.id)} disabled={disabled} data-testid="job-cancel">
            Cancel
          </Button>
        ) : null}
        {canRetry ? (
          <Button size="small" onClick={() => onRetry(job.id)} disabled={disabled} data-testid="job-retry">
            Retry
          </Button>
        ) : null}
        <Button size="small" color="inherit" onClick={() => onRemove(job.id)} disabled={disabled || running} data-testid="job-remove">
          Remove
        </Button>
      </CardActions>
      {expanded ? <TranscriptView job={job} disabled={disabled} /> : null}
    </Card>
  );
});
