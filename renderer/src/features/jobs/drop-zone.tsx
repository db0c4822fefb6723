import { Box, Button, Stack, Typography } from '@mui/material';
import { type Ref, useImperativeHandle, useRef, useState } from 'react';
import type { FiltersChoice, ParamsChoice, SubmitResult } from '../../api/client.js';
import { useClient } from '../../api/client-context.js';
import { useNotify, useReportError } from '../../_utils/notices.js';
import { displayPath } from '../../api/rest-upload.js';
import { collectDroppedFiles } from './drop-files.js';
import { isMediaFile } from './input-filters.js';

/** What the app can ask of the drop zone (Ctrl+O). */
export interface DropZoneHandle {
  openFiles(): void;
}

export interface DropZoneProps {
  params: ParamsChoice;
  filters: FiltersChoice;
  disabled: boolean;
  onSubmitted: (result: SubmitResult) => void;
  handle?: Ref<DropZoneHandle>;
}

const ACCEPT = 'audio/*,video/*';

/**
 * Drop files or folders (audio and video) here, or pick them. In the browser the files are uploaded to
 * `earshot serve`; in Electron they are enqueued by path (native pickers, dropped folders walked by the main side).
 */
export function DropZone({ params, filters, disabled, onSubmitted, handle }: DropZoneProps) {
  const client = useClient();
  const notify = useNotify();
  const report = useReportError();
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);

  const finish = (result: SubmitResult, skipped: string[]) => {
    const excluded = [...result.excluded, ...skipped.map((path) => ({ path, reason: 'not audio or video' }))];
    onSubmitted({ jobs: result.jobs, excluded });
    const added = result.jobs.length;
    const message = `${added} job${added === 1 ? '' : 's'} added${excluded.length ? `; ${excluded.length} left out (${excluded[0]?.path}: ${excluded[0]?.reason}${excluded.length > 1 ? ', …' : ''})` : ''}.`;
    notify(added > 0 ? 'success' : 'warning', message);
  };

  const submitFiles = (files: File[]) => {
    if (disabled || files.length === 0) return;
    // Electron enqueues paths (folders included); the browser uploads only media files.
    const media = client.usesPaths ? files : files.filter(isMediaFile);
    const skipped = client.usesPaths ? [] : files.filter((f) => !isMediaFile(f)).map(displayPath);
    if (media.length === 0) {
      notify('warning', 'None of those files is audio or video.');
      return;
    }
    setBusy(true);
    client
      .submitFiles(media, params, filters)
      .then((r) => finish(r, skipped), report)
      .finally(() => setBusy(false));
  };

  const pick = (kind: 'files' | 'folder') => {
    if (disabled) return;
    const native = client.pickPaths;
    if (!native) {
      (kind === 'files' ? filesInput : folderInput).current?.click();
      return;
    }
    void native(kind)
      .then((paths) => {
        if (paths.length === 0) return;
        setBusy(true);
        return client.request('jobs.enqueue', { paths, params, filters }).then((r) => finish(r, []));
      })
      .catch(report)
      .finally(() => setBusy(false));
  };

  useImperativeHandle(handle, () => ({ openFiles: () => pick('files') }));

  return (
    <Box
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (disabled) return;
        const files = client.usesPaths ? Promise.resolve(Array.from(e.dataTransfer.files)) : collectDroppedFiles(e.dataTransfer);
        files.then(submitFiles, report);
      }}
      sx={{
        border: 2,
        borderStyle: 'dashed',
        borderColor: over ? 'primary.main' : 'divider',
        bgcolor: over ? 'action.hover' : 'transparent',
        borderRadius: 2,
        p: 2,
        textAlign: 'center',
        transition: 'border-color 120ms, background-color 120ms',
        opacity: disabled ? 0.5 : 1,
      }}
    >
      <Typography variant="body1" gutterBottom>
        {busy ? 'Adding…' : 'Drop audio or video files or folders here'}
      </Typography>
      <Stack sx={{ justifyContent: 'center' }} direction="row" spacing={1}>
        <Button variant="outlined" size="small" onClick={() => pick('files')} disabled={disabled || busy} data-testid="add-files">
          Add files…
        </Button>
        <Button variant="outlined" size="small" onClick={() => pick('folder')} disabled={disabled || busy} data-testid="add-folder">
          Add folder…
        </Button>
      </Stack>
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
        Ctrl+O opens files.
      </Typography>
      <input
        ref={filesInput}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        data-testid="file-input"
        onChange={(e) => {
          submitFiles(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
      <input
        ref={(el) => {
          folderInput.current = el;
          // React has no typed prop for these; set them as attributes.
          el?.setAttribute('webkitdirectory', '');
          el?.setAttribute('directory', '');
        }}
        type="file"
        multiple
        hidden
        data-testid="folder-input"
        onChange={(e) => {
          submitFiles(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
    </Box>
  );
}
