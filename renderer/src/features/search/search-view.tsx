import { Alert, Box, List, ListItemButton, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../../../electron/shared/contract.js';
import { useClient } from '../../api/client-context.js';
import { baseName, formatTimestamp } from '../../_utils/format.js';
import { Snippet } from './snippet.js';

/** How long typing must pause before the query runs (ms). */
const DEBOUNCE_MS = 250;
/** Results asked for per query (the contract allows up to 200). */
const RESULTS = 100;

type Results = { query: string; hits: SearchHit[] } | { query: string; error: string };

/**
 * Full-text search over every transcript (search.query): a query box (the query lives in the route, so going back
 * from the editor shows the same results), then one line per hit: the transcript's title, the time, and the snippet
 * with the matched words highlighted. Clicking a hit opens its transcript in the editor there and plays.
 * Results are fetched again when a transcript changes (an edit may add or remove a match).
 */
export function SearchView({ query, onQuery, onOpen }: { query: string; onQuery: (query: string) => void; onOpen: (hit: SearchHit) => void }) {
  const client = useClient();
  const [text, setText] = useState(query);
  const [results, setResults] = useState<Results | null>(null);
  const [changes, setChanges] = useState(0);

  // The route's query changed from outside (back, forward): show it.
  useEffect(() => setText(query), [query]);
  useEffect(() => {
    if (text === query) return;
    const t = setTimeout(() => onQuery(text), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, query, onQuery]);

  useEffect(() => client.on('transcript.changed', () => setChanges((n) => n + 1)), [client]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(null);
      return;
    }
    let live = true;
    client.request('search.query', { query: q, limit: RESULTS }).then(
      ({ results: hits }) => live && setResults({ query: q, hits }),
      (err: unknown) => live && setResults({ query: q, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, query, changes]);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0, p: 2, gap: 1.5 }} data-testid="search">
      <TextField
        autoFocus
        fullWidth
        placeholder="Search every transcript"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && onQuery(text)}
        slotProps={{
          htmlInput: { 'data-testid': 'search-input', 'aria-label': 'Search every transcript', maxLength: 500 },
        }}
      />
      {results && 'error' in results ? (
        <Alert severity="error" data-testid="search-error">
          {results.error}
        </Alert>
      ) : null}
      {results && 'hits' in results ? (
        <Typography variant="body2" color="text.secondary" data-testid="search-count">
          {results.hits.length === 0 ? `Nothing matches “${results.query}”.` : `${results.hits.length}${results.hits.length === RESULTS ? '+' : ''} result${results.hits.length === 1 ? '' : 's'}`}
        </Typography>
      ) : null}
      {!results ? (
        <Typography variant="body2" color="text.secondary">
          Each word finds words that start with it; every word must match. Titles and what whisper heard before an edit are searched too.
        </Typography>
      ) : null}
      <List sx={{ flex: 1, minHeight: 0, overflow: 'auto' }} data-testid="search-results">
        {results && 'hits' in results
          ? results.hits.map((hit) => (
              <ListItemButton
                key={`${hit.kind}-${hit.jobId}-${hit.segmentId ?? 0}`}
                onClick={() => onOpen(hit)}
                data-testid="search-result"
                data-job-id={hit.jobId}
                data-kind={hit.kind}
                data-t0-ms={hit.t0Ms ?? undefined}
                sx={{ display: 'block', borderBottom: 1, borderColor: 'divider' }}
              >
                <Stack direction="row" spacing={1.5} sx={{ alignItems: 'baseline' }}>
                  <Typography variant="subtitle2" noWrap sx={{ minWidth: 0 }} data-testid="search-result-title">
                    {hit.title}
                  </Typography>
                  <Typography variant="caption" color="text.secondary" noWrap sx={{ flex: 1, minWidth: 0 }}>
                    {baseName(hit.sourcePath)}
                  </Typography>
                  <Typography variant="caption" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="search-result-time">
                    {hit.t0Ms !== null ? formatTimestamp(hit.t0Ms) : 'title'}
                  </Typography>
                </Stack>
                <Typography variant="body2" color="text.secondary" data-testid="search-result-snippet">
                  <Snippet parts={hit.snippet} />
                </Typography>
              </ListItemButton>
            ))
          : null}
      </List>
    </Box>
  );
}
