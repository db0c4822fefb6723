import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
} from '@mui/material';
import { type FormEvent, useState } from 'react';
import { type RequestInput, WATCH_SETTLE_DEFAULT_MS, WATCH_SETTLE_MAX_MS, type WatchFolder } from '../../../../electron/shared/contract.js';
import { OutputFormat } from '../../../../electron/shared/jobs.js';
import type { ParamsChoice } from '../../api/client.js';
import { useClient } from '../../api/client-context.js';
import { useNotify, useReportError } from '../../_utils/notices.js';
import { DEFAULT_PARAMS, JobParamsForm, modelLabel } from '../settings/job-params-form.js';
import type { Settings } from '../settings/use-settings.js';
import { useWatchFolders } from './use-watch-folders.js';

const ALL_FORMATS: readonly OutputFormat[] = OutputFormat.options;

/** The settle time typed in seconds, as ms; null when it is not a number of seconds the contract allows. */
export function settleMsOf(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const sec = Number(t);
  if (!Number.isFinite(sec) || sec < 0) return null;
  const ms = Math.round(sec * 1000);
  return ms <= WATCH_SETTLE_MAX_MS ? ms : null;
}

/** "500 ms", "2 s", "2.5 s": a settle time as the list shows it. */
export function formatSettle(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(2))} s`;
}

/** What a new watch sends: the form's fields as `watch.add` input (the output folder only when one is typed). */
export function watchInput(fields: { path: string; params: ParamsChoice; formats: readonly OutputFormat[]; outDir: string; settleMs: number }): RequestInput<'watch.add'> {
  const outDir = fields.outDir.trim();
  return {
    path: fields.path.trim(),
    params: { ...fields.params, formats: [...fields.formats], ...(outDir ? { outDir } : {}) },
    settleMs: fields.settleMs,
  };
}

export interface WatchFoldersPanelProps {
  /** settings.get's answer (for the model picker and the data directory); null while loading. */
  settings: Settings | null;
  /** Every action off (after a version mismatch). */
  disabled: boolean;
}

/**
 * Watch folders: the folders Earshot watches (each with its state, model, formats, output folder and settle time,
 * and a Remove button) and a form to watch another one with the job parameters of new work. The path is typed
 * (the host runs on this machine, or `earshot serve` on its own) or chosen with the app's folder picker where the
 * client has one. The host's refusals show as notices.
 */
export function WatchFoldersPanel({ settings, disabled }: WatchFoldersPanelProps) {
  const { folders, add, remove } = useWatchFolders();
  return (
    <Stack spacing={2} sx={{ p: 2, overflow: 'auto', height: '100%', '& > *': { flexShrink: 0 } }} data-testid="watch">
      <AddWatchForm settings={settings} disabled={disabled} onAdd={add} />
      <Card variant="outlined" component="section" aria-labelledby="watch-list-title">
        <CardContent>
          <Typography id="watch-list-title" variant="h6" component="h2" sx={{ mb: 1 }}>
            Watched folders
          </Typography>
          <WatchList folders={folders} disabled={disabled} onRemove={remove} />
        </CardContent>
      </Card>
    </Stack>
  );
}

/** A folder path typed in, or chosen with the client's folder picker where it has one (PickFolderButton). */
function FolderField(props: { label: string; value: string; onChange: (path: string) => void; disabled: boolean; helperText: string; testId: string; pickTestId: string }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <TextField
        size="small"
        label={props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
        fullWidth
        helperText={props.helperText}
        slotProps={{ htmlInput: { 'data-testid': props.testId, spellCheck: false } }}
      />
      <PickFolderButton onPick={props.onChange} disabled={props.disabled} testId={props.pickTestId} />
    </Stack>
  );
}

/** A folder picker button when the client has native pickers (the Electron app); nothing in the browser. */
function PickFolderButton({ onPick, disabled, testId }: { onPick: (path: string) => void; disabled: boolean; testId: string }) {
  const client = useClient();
  const report = useReportError();
  const pick = client.pickPaths;
  if (!pick) return null;
  const choose = () => {
    pick('folder')
      .then((paths) => {
        if (paths[0]) onPick(paths[0]);
      })
      .catch(report);
  };
  return (
    <Button variant="outlined" onClick={choose} disabled={disabled} data-testid={testId} sx={{ flexShrink: 0 }}>
      Choose…
    </Button>
  );
}

/** The form that watches a folder: path, job parameters, formats, output folder, settle time, Add. */
function AddWatchForm({ settings, disabled, onAdd }: { settings: Settings | null; disabled: boolean; onAdd: (input: RequestInput<'watch.add'>) => Promise<WatchFolder | null> }) {
  const client = useClient();
  const notify = useNotify();
  const [path, setPath] = useState('');
  const [params, setParams] = useState<ParamsChoice>(DEFAULT_PARAMS);
  const [formats, setFormats] = useState<OutputFormat[]>([...ALL_FORMATS]);
  const [outDir, setOutDir] = useState('');
  const [settleText, setSettleText] = useState(String(WATCH_SETTLE_DEFAULT_MS / 1000));
  const [busy, setBusy] = useState(false);
  const settleMs = settleMsOf(settleText);
  const off = disabled || busy;
  // Under `earshot serve` the host is elsewhere and only reads under its data directory; relative paths start there.
  const where = client.transport === 'websocket' && settings ? ` under ${settings.dataDir} (a relative path starts there)` : '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (off || !path.trim() || settleMs === null) return;
    setBusy(true);
    void onAdd(watchInput({ path, params, formats, outDir, settleMs }))
      .then((folder) => {
        if (!folder) return;
        setPath('');
        notify('success', `Watching ${folder.path}`);
      })
      .finally(() => setBusy(false));
  };

  return (
    <Card variant="outlined" component="section" aria-labelledby="watch-add-title">
      <CardContent>
        <Stack component="form" spacing={2} onSubmit={submit} data-testid="watch-form" noValidate>
          <Box>
            <Typography id="watch-add-title" variant="h6" component="h2">
              Watch a folder
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Audio and video files that appear in the folder, at any depth, are transcribed once their size stops changing. Watching resumes when Earshot
              starts again.
            </Typography>
          </Box>
          <FolderField label="Folder" value={path} onChange={setPath} disabled={off} helperText={`A folder on the computer that runs Earshot${where}.`} testId="watch-path" pickTestId="watch-pick" />
          <JobParamsForm settings={settings} value={params} onChange={setParams} disabled={off} idPrefix="watch-param" />
          <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <Tooltip title="The files each transcript is written as">
              <ToggleButtonGroup
                size="small"
                value={formats}
                disabled={off}
                onChange={(_e, next: OutputFormat[]) => next.length > 0 && setFormats(ALL_FORMATS.filter((f) => next.includes(f)))}
                aria-label="Formats"
                data-testid="watch-formats"
              >
                {ALL_FORMATS.map((f) => (
                  <ToggleButton key={f} value={f} data-testid={`watch-format-${f}`}>
                    {f.toUpperCase()}
                  </ToggleButton>
                ))}
              </ToggleButtonGroup>
            </Tooltip>
            <TextField
              size="small"
              type="number"
              label="Settle time (s)"
              value={settleText}
              onChange={(e) => setSettleText(e.target.value)}
              disabled={off}
              error={settleMs === null}
              helperText={settleMs === null ? `0 to ${WATCH_SETTLE_MAX_MS / 1000} seconds` : 'Unchanged this long before it is transcribed'}
              slotProps={{ htmlInput: { min: 0, max: WATCH_SETTLE_MAX_MS / 1000, step: 0.5, 'data-testid': 'watch-settle' } }}
              sx={{ width: 200 }}
            />
          </Stack>
          <FolderField label="Output folder (optional)" value={outDir} onChange={setOutDir} disabled={off} helperText="Empty: each transcript goes beside its file." testId="watch-out" pickTestId="watch-pick-out" />
          <Box>
            <Button type="submit" variant="contained" disabled={off || !path.trim() || settleMs === null} data-testid="watch-add">
              Add
            </Button>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}

/** The watched folders as a table, each with its Remove button; a line of text while loading or when there are none. */
function WatchList({ folders, disabled, onRemove }: { folders: WatchFolder[] | null; disabled: boolean; onRemove: (id: string) => Promise<boolean> }) {
  const [removing, setRemoving] = useState<ReadonlySet<string>>(new Set());
  if (folders === null) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="watch-loading">
        Loading…
      </Typography>
    );
  }
  if (folders.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="watch-empty">
        No folder is watched.
      </Typography>
    );
  }
  const removeOne = (id: string) => {
    setRemoving((s) => new Set(s).add(id));
    void onRemove(id).finally(() =>
      setRemoving((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      }),
    );
  };
  return (
    <TableContainer>
      <Table size="small" aria-label="Watched folders" data-testid="watch-list">
        <TableHead>
          <TableRow>
            <TableCell>Folder</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Model</TableCell>
            <TableCell>Formats</TableCell>
            <TableCell>Output</TableCell>
            <TableCell>Settle</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {folders.map((f) => (
            <TableRow key={f.id} data-testid="watch-folder" data-id={f.id}>
              <TableCell sx={{ wordBreak: 'break-all' }} data-testid="watch-folder-path">
                {f.path}
              </TableCell>
              <TableCell>
                <Tooltip title={f.active ? 'New files are picked up now' : 'Not watched now: the folder is missing, or Earshot has not started watching; add it again to resume'}>
                  <Chip size="small" color={f.active ? 'success' : 'default'} label={f.active ? 'Watching' : 'Not watching'} data-testid="watch-folder-active" data-active={f.active ? 'true' : 'false'} />
                </Tooltip>
              </TableCell>
              <TableCell data-testid="watch-folder-model">
                {modelLabel(f.params.model)}
                {f.params.task === 'translate' ? ' · translate' : ''}
                {f.params.language !== 'auto' ? ` · ${f.params.language}` : ''}
              </TableCell>
              <TableCell data-testid="watch-folder-formats">{f.params.formats.join(', ')}</TableCell>
              <TableCell sx={{ wordBreak: 'break-all' }} data-testid="watch-folder-out">
                {f.params.outDir ?? 'beside each file'}
              </TableCell>
              <TableCell data-testid="watch-folder-settle">{formatSettle(f.settleMs)}</TableCell>
              <TableCell align="right">
                <Button size="small" color="error" onClick={() => removeOne(f.id)} disabled={disabled || removing.has(f.id)} data-testid="watch-folder-remove">
                  Remove
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
