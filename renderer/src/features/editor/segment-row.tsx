import { Box, Button, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { type MouseEvent, memo, useRef } from 'react';
import type { Segment } from '../../../../electron/shared/jobs.js';
import { formatTimestamp } from '../../_utils/format.js';
import { canSplitAt, shownWords } from './playback.js';
import { SegmentWords } from './segment-words.js';

/** Mouse clicks on the row's buttons leave the focus where it was, so Space keeps playing and pausing. */
export const keepFocus = (e: MouseEvent) => e.preventDefault();

/** What a row asks of the editor. */
export interface SegmentRowHandlers {
  onSeek: (ms: number, play: boolean) => void;
  onStartEdit: (segment: Segment) => void;
  onDraft: (text: string) => void;
  onSave: (segment: Segment, text: string) => void;
  onCancel: () => void;
  onSplit: (segment: Segment, text: string, at: number) => void;
  onRevert: (segment: Segment) => void;
  onMerge: (segment: Segment) => void;
}

export interface SegmentRowProps {
  segment: Segment;
  isLast: boolean;
  active: boolean;
  /** The word being spoken, in the active row; -1 otherwise. */
  activeWord: number;
  /** The text being typed while this row is edited; null when it is not. */
  draft: string | null;
  /** Editing verbs allowed (a completed job, no change on its way, actions not disabled). */
  editable: boolean;
  handlers: SegmentRowHandlers;
}

/**
 * One segment of the editor: its start time and text (whisper's words when it has them; click one to play from
 * there), highlighted while it plays; edit, revert (back to what whisper heard, for an edited segment) and merge
 * with the next. While edited: a text field (Enter saves, Shift+Enter a new line, Escape cancels) and split at the
 * cursor.
 */
export const SegmentRow = memo(function SegmentRow({ segment, isLast, active, activeWord, draft, editable, handlers }: SegmentRowProps) {
  const field = useRef<HTMLTextAreaElement | null>(null);
  const words = shownWords(segment);
  const edited = segment.original !== null;
  const editing = draft !== null;
  const seekStart = () => handlers.onSeek(segment.t0Ms, true);

  return (
    <Box
      data-testid="editor-segment"
      data-segment-id={segment.id}
      data-index={segment.index}
      data-t0-ms={segment.t0Ms}
      data-t1-ms={segment.t1Ms}
      data-active={active ? 'true' : 'false'}
      data-edited={edited ? 'true' : 'false'}
      aria-current={active ? 'true' : undefined}
      sx={{
        display: 'grid',
        gridTemplateColumns: '5.5em 1fr auto',
        gap: 1.5,
        alignItems: 'start',
        px: 1.5,
        py: 0.75,
        borderLeft: 3,
        borderColor: active ? 'primary.main' : 'transparent',
        bgcolor: active ? 'action.selected' : 'transparent',
        '&:hover .segment-actions': { opacity: 1 },
      }}
    >
      <Typography
        variant="caption"
        color="text.secondary"
        component="span"
        onClick={seekStart}
        data-testid="segment-time"
        sx={{ fontVariantNumeric: 'tabular-nums', pt: 0.4, cursor: 'pointer', '&:hover': { color: 'primary.main' } }}
      >
        {formatTimestamp(segment.t0Ms)}
      </Typography>
      {editing ? (
        <Stack spacing={0.75}>
          <TextField
            multiline
            autoFocus
            size="small"
            value={draft}
            inputRef={field}
            onChange={(e) => handlers.onDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                handlers.onSave(segment, draft);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                handlers.onCancel();
              }
            }}
            slotProps={{ htmlInput: { 'data-testid': 'segment-input', 'aria-label': `Text of the segment at ${formatTimestamp(segment.t0Ms)}` } }}
          />
          <Stack direction="row" spacing={1}>
            <Button size="small" variant="contained" disabled={!editable} onMouseDown={keepFocus} onClick={() => handlers.onSave(segment, draft)} data-testid="segment-save">
              Save
            </Button>
            <Button size="small" onMouseDown={keepFocus} onClick={handlers.onCancel} data-testid="segment-cancel">
              Cancel
            </Button>
            <Tooltip title="Split this segment in two where the cursor is">
              <span>
                <Button
                  size="small"
                  disabled={!editable}
                  onMouseDown={keepFocus}
                  onClick={() => {
                    const at = field.current?.selectionStart ?? -1;
                    if (canSplitAt(draft, at)) handlers.onSplit(segment, draft, at);
                  }}
                  data-testid="segment-split"
                >
                  Split at cursor
                </Button>
              </span>
            </Tooltip>
          </Stack>
        </Stack>
      ) : (
        <Typography variant="body1" component="div" onClick={seekStart} data-testid="segment-text" sx={{ cursor: 'pointer', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {words ? <SegmentWords words={words} activeWord={activeWord} onSeek={(ms) => handlers.onSeek(ms, true)} /> : segment.text.trim()}
        </Typography>
      )}
      <Stack direction="row" className="segment-actions" sx={{ opacity: active || editing ? 1 : 0.55, visibility: editing ? 'hidden' : 'visible' }}>
        <Button size="small" disabled={!editable} onMouseDown={keepFocus} onClick={() => handlers.onStartEdit(segment)} data-testid="segment-edit">
          Edit
        </Button>
        {edited ? (
          <Tooltip title={`Back to what whisper heard: "${segment.original?.trim() ?? ''}"`}>
            <span>
              <Button size="small" disabled={!editable} onMouseDown={keepFocus} onClick={() => handlers.onRevert(segment)} data-testid="segment-revert">
                Revert
              </Button>
            </span>
          </Tooltip>
        ) : null}
        {!isLast ? (
          <Tooltip title="Merge with the next segment">
            <span>
              <Button size="small" disabled={!editable} onMouseDown={keepFocus} onClick={() => handlers.onMerge(segment)} data-testid="segment-merge">
                Merge
              </Button>
            </span>
          </Tooltip>
        ) : null}
      </Stack>
    </Box>
  );
});
