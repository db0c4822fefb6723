import { Box, MenuItem, TableSortLabel, TextField } from '@mui/material';
import { type ReactNode, memo } from 'react';
import {
  DURATION_BUCKETS,
  LIBRARY_COLUMNS,
  LIBRARY_STATUSES,
  type LibraryColumn,
  type LibraryFilter,
  type LibrarySort,
} from './library-rows.js';

/** The library's grid columns (header, filters and rows share them). */
export const LIBRARY_GRID = 'minmax(12em, 2fr) minmax(8em, 1.5fr) 9.5em 6.5em 7em 6em 7.5em';

const LABELS: Record<LibraryColumn, string> = {
  title: 'Title',
  source: 'Source',
  date: 'Date',
  duration: 'Duration',
  model: 'Model',
  language: 'Language',
  status: 'Status',
};

function Select({ label, value, options, onChange, testId }: { label: string; value: string; options: ReadonlyArray<{ value: string; label: string }>; onChange: (v: string) => void; testId: string }) {
  return (
    <TextField select size="small" value={value} onChange={(e) => onChange(e.target.value)} slotProps={{ htmlInput: { 'data-testid': testId, 'aria-label': `Filter by ${label}` } }}>
      <MenuItem value="">
        <em>all</em>
      </MenuItem>
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * The library's column headers (click to sort, again to reverse) and one filter under each: free text for title,
 * source and date, a choice for duration, model, language and status.
 */
export const LibraryHeader = memo(function LibraryHeader({
  sort,
  onSort,
  filter,
  onFilter,
  facets,
}: {
  sort: LibrarySort;
  onSort: (sort: LibrarySort) => void;
  filter: LibraryFilter;
  onFilter: (filter: LibraryFilter) => void;
  facets: { models: string[]; languages: string[] };
}) {
  const set = <K extends keyof LibraryFilter>(key: K, value: LibraryFilter[K]) => onFilter({ ...filter, [key]: value });
  const text = (key: 'title' | 'source' | 'date', placeholder: string) => (
    <TextField size="small" placeholder={placeholder} value={filter[key]} onChange={(e) => set(key, e.target.value)} slotProps={{ htmlInput: { 'data-testid': `library-filter-${key}`, 'aria-label': `Filter by ${LABELS[key]}` } }} />
  );
  const filters: Record<LibraryColumn, ReactNode> = {
    title: text('title', 'Filter titles'),
    source: text('source', 'Filter files'),
    date: text('date', 'e.g. 2025-06'),
    duration: <Select label="duration" value={filter.duration} options={DURATION_BUCKETS} onChange={(v) => set('duration', v as LibraryFilter['duration'])} testId="library-filter-duration" />,
    model: <Select label="model" value={filter.model} options={facets.models.map((m) => ({ value: m, label: m }))} onChange={(v) => set('model', v)} testId="library-filter-model" />,
    language: <Select label="language" value={filter.language} options={facets.languages.map((l) => ({ value: l, label: l }))} onChange={(v) => set('language', v)} testId="library-filter-language" />,
    status: <Select label="status" value={filter.status} options={LIBRARY_STATUSES.map((s) => ({ value: s, label: s }))} onChange={(v) => set('status', v as LibraryFilter['status'])} testId="library-filter-status" />,
  };
  return (
    <Box role="rowgroup" sx={{ borderBottom: 1, borderColor: 'divider', pb: 1 }}>
      <Box role="row" sx={{ display: 'grid', gridTemplateColumns: LIBRARY_GRID, gap: 1, px: 1.5, py: 0.5 }}>
        {LIBRARY_COLUMNS.map((c) => (
          <Box key={c} role="columnheader" aria-sort={sort.column === c ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <TableSortLabel
              active={sort.column === c}
              direction={sort.column === c ? sort.direction : 'asc'}
              onClick={() => onSort({ column: c, direction: sort.column === c && sort.direction === 'asc' ? 'desc' : 'asc' })}
              data-testid={`library-sort-${c}`}
            >
              {LABELS[c]}
            </TableSortLabel>
          </Box>
        ))}
      </Box>
      <Box role="row" sx={{ display: 'grid', gridTemplateColumns: LIBRARY_GRID, gap: 1, px: 1.5 }}>
        {LIBRARY_COLUMNS.map((c) => (
          <Box key={c} role="cell" sx={{ display: 'grid' }}>
            {filters[c]}
          </Box>
        ))}
      </Box>
    </Box>
  );
});
