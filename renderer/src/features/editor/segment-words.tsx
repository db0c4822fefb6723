import { Box } from '@mui/material';
import { Fragment, memo } from 'react';
import type { Word } from '../../../../electron/shared/jobs.js';
import { LOW_CONFIDENCE_P } from './playback.js';

/**
 * whisper's words of one segment, each clickable (seeks there and plays); the word being spoken is highlighted and
 * words whisper was unsure of (p below LOW_CONFIDENCE_P) are tinted, with the probability in their tooltip.
 */
export const SegmentWords = memo(function SegmentWords({ words, activeWord, onSeek }: { words: readonly Word[]; activeWord: number; onSeek: (ms: number) => void }) {
  return (
    <>
      {words.map((w, i) => {
        const low = w.p < LOW_CONFIDENCE_P;
        const active = i === activeWord;
        // The leading space stays outside the word, so a highlight covers the word alone.
        const lead = i === 0 ? '' : (/^\s*/.exec(w.text)?.[0] ?? '');
        return (
          <Fragment key={`${i}-${w.t0Ms}`}>
          {lead}
          <Box
            component="span"
            data-testid="segment-word"
            data-t0-ms={w.t0Ms}
            data-active={active ? 'true' : undefined}
            data-low-confidence={low ? 'true' : undefined}
            title={low ? `whisper was unsure of this word (p = ${w.p.toFixed(2)})` : undefined}
            onClick={(e) => {
              e.stopPropagation();
              onSeek(w.t0Ms);
            }}
            sx={{
              cursor: 'pointer',
              borderRadius: 0.5,
              ...(low ? { bgcolor: 'warning.light', color: 'warning.contrastText', opacity: 0.9 } : {}),
              ...(active ? { bgcolor: 'primary.main', color: 'primary.contrastText', opacity: 1 } : {}),
              '&:hover': { textDecoration: 'underline' },
            }}
          >
            {w.text.trim()}
          </Box>
          </Fragment>
        );
      })}
    </>
  );
});
