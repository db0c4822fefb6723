import { Box } from '@mui/material';
import type { SnippetPart } from '../../../../electron/shared/contract.js';

/**
 * A search snippet: its parts as text nodes, the matched words in <mark>. React escapes every part, so a transcript
 * that contains markup shows it as text (never innerHTML).
 */
export function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.match ? (
          <Box component="mark" key={i} data-testid="search-match" sx={{ bgcolor: 'warning.light', color: 'inherit', borderRadius: 0.5, px: 0.25 }}>
            {p.text}
          </Box>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
