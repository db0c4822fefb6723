import { Alert, Box, Button, Chip, CircularProgress, Stack, Tooltip, Typography } from '@mui/material';
import { useCallback, useEffect, useRef, useState } from 'react';
import { jobAudioRoute } from '../../../../electron/shared/http.js';
import type { Segment } from '../../../../electron/shared/jobs.js';
import { useClient } from '../../api/client-context.js';
import { useNotify, useReportError } from '../../_utils/notices.js';
import { formatDuration } from '../../_utils/format.js';
import { modelName } from '../library/library-rows.js';
import { EXPORT_FORMATS, exportTranscript } from '../transcripts/export-transcript.js';
import { SKIP_MS, SPEEDS, activeSegmentIndex } from './playback.js';
import { PlayerBar } from './player-bar.js';
import { SegmentList } from './segment-list.js';
import { keepFocus } from './segment-row.js';
import { useEditorKeys } from './use-editor-keys.js';
import { useEditorTranscript } from './use-editor-transcript.js';
import { usePlayer } from './use-player.js';

const NO_SEGMENTS: readonly Segment[] = [];

export interface EditorViewProps {
  jobId: string;
  /** Where to put the playhead once the transcript is in (a search result), else null. */
  atMs: number | null;
  /** Start playing there. */
  play: boolean;
  /** Every action off (version mismatch). */
  disabled: boolean;
  /** Where "back" goes ("Library", "Search"). */
  backLabel: string;
  onBack: () => void;
  /** Called once the opening seek was made, so the route can forget it (a reload does not seek again). */
  onOpened: () => void;
}

/**
 * The transcript editor: the job's audio with the segments following it (the one playing highlighted and kept in
 * view, the word being spoken when whisper's words are there), click a segment or word to play from it; edit, split,
 * merge and revert segments, undo and redo (buttons and Ctrl+Z / Ctrl+Shift+Z), export TXT/SRT/VTT/JSON with the
 * edits. Keys (not while typing): Space/K play-pause, ←/→ (J/L) 5 s, ↑/↓ segments, </> speed.
 */
export function EditorView({ jobId, atMs, play, disabled, backLabel, onBack, onOpened }: EditorViewProps) {
  const client = useClient();
  const notify = useNotify();
  const report = useReportError();
  const { job, state, error, busy, actions } = useEditorTranscript(jobId);
  const segments = state?.segments ?? NO_SEGMENTS;
  const player = usePlayer(segments);
  const [editingId, setEditingId] = useState<number | null>(null);
  const editable = !disabled && !busy && job?.status === 'completed';
  const loaded = state !== null;

  const opened = useRef(false);
  useEffect(() => {
    if (!loaded || opened.current) return;
    opened.current = true;
    if (atMs !== null) {
      player.seek(atMs, play);
      onOpened();
    }
  }, [loaded, atMs, play, player, onOpened]);

  const goSegment = useCallback(
    (direction: -1 | 1) => {
      const audio = player.audioRef.current;
      if (!audio || segments.length === 0) return;
      const ms = audio.currentTime * 1000;
      const i = activeSegmentIndex(segments, ms);
      // Back goes to the start of the segment playing, or to the one before when already at its start.
      const target = direction > 0 ? i + 1 : i >= 0 && ms - segments[i]!.t0Ms > 1000 ? i : i - 1;
      const seg = segments[Math.min(Math.max(target, 0), segments.length - 1)]!;
      player.seek(seg.t0Ms, !audio.paused);
    },
    [player, segments],
  );

  useEditorKeys(
    {
      toggle: player.toggle,
      skip: (d) => player.skip(d * SKIP_MS),
      segment: goSegment,
      speed: (d) => player.setRate(SPEEDS[Math.min(Math.max(SPEEDS.indexOf(player.rate) + d, 0), SPEEDS.length - 1)] ?? 1),
      // Not while a segment's text is open: its draft would no longer match what the undo puts back.
      undo: () => editingId === null && editable && state?.canUndo && void actions.undo(),
      redo: () => editingId === null && editable && state?.canRedo && void actions.redo(),
    },
    false,
  );

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%' }} data-testid="editor" data-job-id={jobId} data-loaded={loaded ? 'true' : 'false'}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', px: 2, py: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <Button size="small" onClick={onBack} data-testid="editor-back">
          ← {backLabel}
        </Button>
        <Typography variant="h6" component="h2" noWrap sx={{ flex: 1, minWidth: '10em' }} data-testid="editor-title">
          {job?.title ?? ''}
        </Typography>
        {job ? (
          <Typography variant="body2" color="text.secondary" data-testid="editor-meta">
            {[job.durationMs !== null ? formatDuration(job.durationMs) : null, modelName(job), job.language ?? job.params.language, `${segments.length} segments`].filter(Boolean).join(' · ')}
          </Typography>
        ) : null}
        {job && job.status !== 'completed' ? <Chip size="small" label={job.status} data-testid="editor-status" /> : null}
        <Tooltip title="Undo (Ctrl+Z)">
          <span>
            <Button size="small" disabled={!editable || !state?.canUndo} onMouseDown={keepFocus} onClick={() => void actions.undo()} data-testid="editor-undo">
              Undo
            </Button>
          </span>
        </Tooltip>
        <Tooltip title="Redo (Ctrl+Shift+Z)">
          <span>
            <Button size="small" disabled={!editable || !state?.canRedo} onMouseDown={keepFocus} onClick={() => void actions.redo()} data-testid="editor-redo">
              Redo
            </Button>
          </span>
        </Tooltip>
        {EXPORT_FORMATS.map((f) => (
          <Button
            key={f}
            size="small"
            variant="outlined"
            disabled={disabled || !job || job.status !== 'completed'}
            onMouseDown={keepFocus}
            onClick={() => job && exportTranscript(client, job, f).then((saved) => saved && notify('success', `Saved ${saved}`), report)}
            data-testid={`editor-export-${f}`}
          >
            {f.toUpperCase()}
          </Button>
        ))}
      </Stack>
      <PlayerBar player={player} src={jobAudioRoute(jobId)} onSegment={goSegment} />
      {error ? (
        <Alert severity="error" sx={{ m: 2 }} data-testid="editor-error">
          {error}
        </Alert>
      ) : null}
      {job && job.status !== 'completed' && !error ? (
        <Alert severity="info" sx={{ mx: 2, mt: 1 }}>
          {job.status === 'running' || job.status === 'queued' ? 'Still transcribing: the segments appear as each window is done; editing opens when it is finished.' : `This job ${job.status}; its transcript cannot be edited.`}
        </Alert>
      ) : null}
      {!loaded && !error ? (
        <Stack sx={{ alignItems: 'center', p: 4 }}>
          <CircularProgress size={28} aria-label="Loading the transcript" />
        </Stack>
      ) : null}
      {loaded && segments.length === 0 ? (
        <Typography color="text.secondary" sx={{ p: 2 }} data-testid="editor-empty">
          No speech was found.
        </Typography>
      ) : null}
      <SegmentList segments={segments} playhead={player.playhead} follow editable={editable} actions={actions} onSeek={player.seek} onEditingChange={setEditingId} />
    </Box>
  );
}
