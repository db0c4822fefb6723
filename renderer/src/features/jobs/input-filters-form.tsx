import { Button, Collapse, FormControlLabel, Stack, Switch, TextField } from '@mui/material';
import { type FilterFields, NO_FILTERS, SEED_003_FILTERS } from './input-filters.js';

const FIELDS: ReadonlyArray<{ key: keyof FilterFields; label: string }> = [
  { key: 'minSizeMb', label: 'Min size (MB)' },
  { key: 'maxSizeMb', label: 'Max size (MB)' },
  { key: 'minDurationSec', label: 'Min length (s)' },
  { key: 'maxDurationSec', label: 'Max length (s)' },
];

export interface InputFiltersFormProps {
  enabled: boolean;
  onEnabledChange: (on: boolean) => void;
  value: FilterFields;
  onChange: (next: FilterFields) => void;
  disabled: boolean;
}

/** Optional batch filters for dropped or picked items (seed 003): size and duration bounds, with the seed's preset. */
export function InputFiltersForm({ enabled, onEnabledChange, value, onChange, disabled }: InputFiltersFormProps) {
  return (
    <Stack spacing={1}>
      <FormControlLabel
        control={<Switch size="small" checked={enabled} onChange={(e) => onEnabledChange(e.target.checked)} disabled={disabled} />}
        label="Filter by size and length"
      />
      <Collapse in={enabled} unmountOnExit>
        <Stack sx={{ flexWrap: 'wrap', alignItems: 'center' }} direction="row" spacing={1} useFlexGap>
          {FIELDS.map((f) => (
            <TextField
              key={f.key}
              size="small"
              type="number"
              label={f.label}
              value={value[f.key]}
              disabled={disabled}
              onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
              slotProps={{ htmlInput: { min: 0, 'data-testid': `filter-${f.key}` } }}
              sx={{ width: 130 }}
            />
          ))}
          <Button size="small" onClick={() => onChange(SEED_003_FILTERS)} disabled={disabled}>
            1–100 MB, 5 s–5 min
          </Button>
          <Button size="small" color="inherit" onClick={() => onChange(NO_FILTERS)} disabled={disabled}>
            Clear
          </Button>
        </Stack>
      </Collapse>
    </Stack>
  );
}
