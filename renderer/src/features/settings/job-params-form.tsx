import { FormControl, InputLabel, MenuItem, Select, Stack, ToggleButton, ToggleButtonGroup, Tooltip } from '@mui/material';
import type { ParamsChoice } from '../../api/client.js';
import type { Settings } from './use-settings.js';

/** The choices new work starts with: the host's default model, the language detected, transcribed (not translated). */
export const DEFAULT_PARAMS: ParamsChoice = { language: 'auto', task: 'transcribe' };

/** Languages offered in the picker (ISO 639-1); `auto` lets whisper detect it. English-only models ignore this. */
export const LANGUAGES: ReadonlyArray<{ code: string; label: string }> = [
  { code: 'auto', label: 'Auto-detect' },
  { code: 'en', label: 'English' },
  { code: 'de', label: 'German' },
  { code: 'fr', label: 'French' },
  { code: 'es', label: 'Spanish' },
  { code: 'it', label: 'Italian' },
  { code: 'pt', label: 'Portuguese' },
  { code: 'nl', label: 'Dutch' },
  { code: 'pl', label: 'Polish' },
  { code: 'ja', label: 'Japanese' },
  { code: 'zh', label: 'Chinese' },
];

/** The model names to offer: installed models, plus the default when it is a path or not listed. */
export function modelOptions(settings: Settings | null): string[] {
  if (!settings) return [];
  const names = settings.models.filter((m) => m.installed).map((m) => m.name);
  if (settings.defaultModel && !names.includes(settings.defaultModel)) names.unshift(settings.defaultModel);
  return names;
}

/** A short label for a model choice: the file name when it is a path. */
export function modelLabel(model: string): string {
  return model.split(/[\\/]/).pop() ?? model;
}

export interface JobParamsFormProps {
  settings: Settings | null;
  value: ParamsChoice;
  onChange: (next: ParamsChoice) => void;
  disabled: boolean;
  /** Prefix of the fields' ids and test ids (`param` → `param-model`), so two forms can share a page. */
  idPrefix?: string;
}

/**
 * Per-job parameters for new work (recordings, drops, picks, watched folders): model (from settings.get; empty = the
 * host's default), language (auto) and task (transcribe / translate to English).
 */
export function JobParamsForm({ settings, value, onChange, disabled, idPrefix = 'param' }: JobParamsFormProps) {
  const models = modelOptions(settings);
  const model = value.model ?? '';
  return (
    <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      <FormControl size="small" sx={{ minWidth: 200, flex: 1 }} disabled={disabled}>
        <InputLabel id={`${idPrefix}-model-label`} shrink>
          Model
        </InputLabel>
        <Select
          labelId={`${idPrefix}-model-label`}
          label="Model"
          notched
          value={models.includes(model) ? model : ''}
          onChange={(e) => onChange({ ...value, model: e.target.value || undefined })}
          inputProps={{ 'data-testid': `${idPrefix}-model` }}
          displayEmpty
          renderValue={(v) => (v ? modelLabel(v) : settings?.defaultModel ? `Default (${modelLabel(settings.defaultModel)})` : 'Default')}
        >
          <MenuItem value="">Default{settings?.defaultModel ? ` (${modelLabel(settings.defaultModel)})` : ''}</MenuItem>
          {models.map((m) => (
            <MenuItem key={m} value={m}>
              {modelLabel(m)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <FormControl size="small" sx={{ minWidth: 140 }} disabled={disabled}>
        <InputLabel id={`${idPrefix}-language-label`}>Language</InputLabel>
        <Select
          labelId={`${idPrefix}-language-label`}
          label="Language"
          value={value.language ?? 'auto'}
          onChange={(e) => onChange({ ...value, language: e.target.value })}
          inputProps={{ 'data-testid': `${idPrefix}-language` }}
        >
          {LANGUAGES.map((l) => (
            <MenuItem key={l.code} value={l.code}>
              {l.label}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <Tooltip title="Translate speech in any language into English text">
        <ToggleButtonGroup
          size="small"
          exclusive
          disabled={disabled}
          value={value.task ?? 'transcribe'}
          onChange={(_e, task: 'transcribe' | 'translate' | null) => task && onChange({ ...value, task })}
          aria-label="Task"
        >
          <ToggleButton value="transcribe">Transcribe</ToggleButton>
          <ToggleButton value="translate">Translate</ToggleButton>
        </ToggleButtonGroup>
      </Tooltip>
    </Stack>
  );
}
