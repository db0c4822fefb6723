import { Box, Button, TextField, Typography } from '@mui/material';
import { memo, useState } from 'react';
import { MAX_TITLE } from '../../../../electron/shared/contract.js';
import type { Job } from '../../../../electron/shared/jobs.js';
import { useClient } from '../../api/client-context.js';
import { useReportError } from '../../_utils/notices.js';

/**
 * A transcript's title in the library, renamed in place: "Rename" (or a double click) opens a field; Enter or
 * leaving it saves through transcripts.setTitle (empty goes back to the file name), Escape cancels. The answer (and
 * the job.changed event every client gets) carries the new title.
 */
export const TitleCell = memo(function TitleCell({ job, disabled, onSaved }: { job: Job; disabled: boolean; onSaved: (job: Job) => void }) {
  const client = useClient();
  const report = useReportError();
  const [draft, setDraft] = useState<string | null>(null);

  const save = () => {
    if (draft === null) return;
    setDraft(null);
    if (draft.trim() === job.title) return;
    client.request('transcripts.setTitle', { jobId: job.id, title: draft }).then(onSaved, report);
  };

  if (draft !== null) {
    return (
      <TextField
        size="small"
        autoFocus
        fullWidth
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onClick={(e) => e.stopPropagation()}
        onBlur={save}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') save();
          else if (e.key === 'Escape') setDraft(null);
        }}
        slotProps={{ htmlInput: { maxLength: MAX_TITLE, 'data-testid': 'library-title-input', 'aria-label': 'Title' } }}
      />
    );
  }
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', minWidth: 0, gap: 0.5, '&:hover .rename': { opacity: 1 } }}>
      <Typography
        noWrap
        title={job.title}
        sx={{ fontWeight: 500, minWidth: 0 }}
        data-testid="library-title"
        onDoubleClick={(e) => {
          e.stopPropagation();
          if (!disabled) setDraft(job.title);
        }}
      >
        {job.title}
      </Typography>
      <Button
        size="small"
        className="rename"
        disabled={disabled}
        sx={{ opacity: 0.4, minWidth: 0, flexShrink: 0 }}
        onClick={(e) => {
          e.stopPropagation();
          setDraft(job.title);
        }}
        data-testid="library-rename"
        aria-label={`Rename ${job.title}`}
      >
        Rename
      </Button>
    </Box>
  );
});
