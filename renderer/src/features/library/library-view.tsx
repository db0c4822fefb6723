import { Box, Button, Stack, Typography } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef } from 'react';
import type { Job } from '../../../../electron/shared/jobs.js';
import { baseName, formatDuration } from '../../_utils/format.js';
import { LIBRARY_GRID, LibraryHeader } from './library-header.js';
import { DEFAULT_SORT, type LibraryFilter, type LibrarySort, NO_LIBRARY_FILTER, formatDate, jobLanguage, libraryFacets, libraryRows, modelName } from './library-rows.js';
import { TitleCell } from './title-cell.js';

/** Row height (px): fixed, so ten thousand rows cost one multiplication to place. */
export const LIBRARY_ROW_PX = 48;

const SOURCE_KIND: Record<Job['sourceKind'], string> = { file: 'file', recording: 'recording', 'folder-item': 'watched folder' };

interface RowProps {
  job: Job;
  disabled: boolean;
  onOpen: (id: string) => void;
  onSaved: (job: Job) => void;
}

const LibraryRow = memo(function LibraryRow({ job, disabled, onOpen, onSaved }: RowProps) {
  return (
    <Box
      role="row"
      tabIndex={0}
      data-testid="library-row"
      data-job-id={job.id}
      data-status={job.status}
      onClick={() => onOpen(job.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) onOpen(job.id);
      }}
      aria-label={`Open ${job.title}`}
      sx={{
        display: 'grid',
        gridTemplateColumns: LIBRARY_GRID,
        gap: 1,
        alignItems: 'center',
        height: LIBRARY_ROW_PX,
        px: 1.5,
        cursor: 'pointer',
        borderBottom: 1,
        borderColor: 'divider',
        '&:hover, &:focus-visible': { bgcolor: 'action.hover', outline: 'none' },
      }}
    >
      <Box role="cell" sx={{ minWidth: 0 }}>
        <TitleCell job={job} disabled={disabled} onSaved={onSaved} />
      </Box>
      <Typography role="cell" variant="body2" color="text.secondary" noWrap title={job.sourcePath} data-testid="library-source">
        {baseName(job.sourcePath)} <small>· {SOURCE_KIND[job.sourceKind]}</small>
      </Typography>
      <Typography role="cell" variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="library-date">
        {formatDate(job.createdAt)}
      </Typography>
      <Typography role="cell" variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="library-duration">
        {job.durationMs !== null ? formatDuration(job.durationMs) : '–'}
      </Typography>
      <Typography role="cell" variant="body2" noWrap data-testid="library-model">
        {modelName(job)}
      </Typography>
      <Typography role="cell" variant="body2" data-testid="library-language">
        {jobLanguage(job)}
      </Typography>
      <Box role="cell">
        <Box
          component="span"
          data-testid="library-status"
          sx={{ typography: 'caption', px: 1, py: 0.25, border: 1, borderRadius: 3, borderColor: job.status === 'running' ? 'primary.main' : 'divider', color: job.status === 'running' ? 'primary.main' : 'text.primary' }}
        >
          {job.status === 'running' ? `running ${Math.round(job.progress * 100)}%` : job.status}
        </Box>
      </Box>
    </Box>
  );
});

/** How the library is sorted and filtered: held by the app, so it is still there when the editor closes. */
export interface LibraryOrder {
  sort: LibrarySort;
  filter: LibraryFilter;
}
export const DEFAULT_LIBRARY_ORDER: LibraryOrder = { sort: DEFAULT_SORT, filter: NO_LIBRARY_FILTER };

export interface LibraryViewProps {
  jobs: Job[];
  disabled: boolean;
  order: LibraryOrder;
  onOrder: (order: LibraryOrder) => void;
  onOpen: (id: string) => void;
  /** A renamed job, as the host answered it. */
  onSaved: (job: Job) => void;
}

/**
 * Every transcript (one per completed or running job) as a table: title (renamed in place), source, date, duration,
 * model, language and status, sorted and filtered by any column, virtualised (@tanstack/react-virtual, fixed row
 * height) so ten thousand entries scroll smoothly. A click (or Enter) on a row opens it in the editor.
 */
export function LibraryView({ jobs, disabled, order, onOrder, onOpen, onSaved }: LibraryViewProps) {
  const { sort, filter } = order;
  const setSort = useCallback((next: LibrarySort) => onOrder({ sort: next, filter }), [onOrder, filter]);
  const setFilter = useCallback((next: LibraryFilter) => onOrder({ sort, filter: next }), [onOrder, sort]);
  const rows = useMemo(() => libraryRows(jobs, filter, sort), [jobs, filter, sort]);
  const facets = useMemo(() => libraryFacets(jobs), [jobs]);
  const total = useMemo(() => libraryRows(jobs, NO_LIBRARY_FILTER, DEFAULT_SORT).length, [jobs]);
  const filtered = filter !== NO_LIBRARY_FILTER && Object.values(filter).some((v) => v !== '');
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LIBRARY_ROW_PX,
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: 10,
  });

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }} data-testid="library">
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'baseline', px: 2, pt: 1.5, pb: 1 }}>
        <Typography variant="h6" component="h2">
          Library
        </Typography>
        <Typography variant="body2" color="text.secondary" data-testid="library-count">
          {filtered ? `${rows.length} of ${total} transcripts` : `${total} transcript${total === 1 ? '' : 's'}`}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {filtered ? (
          <Button size="small" onClick={() => setFilter(NO_LIBRARY_FILTER)} data-testid="library-clear-filters">
            Clear filters
          </Button>
        ) : null}
      </Stack>
      <Box role="table" aria-label="Transcripts" aria-rowcount={rows.length} sx={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, overflowX: 'auto' }}>
        <Box sx={{ minWidth: 900, display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
          <LibraryHeader sort={sort} onSort={setSort} filter={filter} onFilter={setFilter} facets={facets} />
          {rows.length === 0 ? (
            <Typography color="text.secondary" sx={{ p: 2 }} data-testid="library-empty">
              {total === 0 ? 'No transcripts yet: record something or add files in the Queue.' : 'No transcript matches these filters.'}
            </Typography>
          ) : (
            <Box ref={scrollRef} role="rowgroup" sx={{ flex: 1, minHeight: 0, overflowY: 'auto' }} data-testid="library-rows">
              <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const job = rows[item.index];
                  if (!job) return null;
                  return (
                    <Box key={item.key} sx={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}>
                      <LibraryRow job={job} disabled={disabled} onOpen={onOpen} onSaved={onSaved} />
                    </Box>
                  );
                })}
              </Box>
            </Box>
          )}
        </Box>
      </Box>
    </Box>
  );
}
